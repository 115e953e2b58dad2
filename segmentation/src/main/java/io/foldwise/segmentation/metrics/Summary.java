package io.foldwise.segmentation.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Mean, sample standard deviation (n − 1; 0 for one value), median, min and max of one metric
 * across cases. NaN values are an error: the metrics never produce them.
 */
public record Summary(int n, double mean, double sd, double median, double min, double max) {

  public static Summary of(double[] values) {
    Objects.requireNonNull(values, "values == null");
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot summarize no values");
    }
    double[] v = values.clone();
    for (double d : v) {
      if (Double.isNaN(d)) {
        throw new IllegalArgumentException("cannot summarize NaN in " + Arrays.toString(values));
      }
    }
    Arrays.sort(v);
    int n = v.length;
    double sum = 0;
    for (double d : v) sum += d;
    double mean = sum / n;
    double ss = 0;
    for (double d : v) ss += (d - mean) * (d - mean);
    double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return new Summary(n, mean, sd, median, v[0], v[n - 1]);
  }
}
