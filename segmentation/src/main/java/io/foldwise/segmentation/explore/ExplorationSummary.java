package io.foldwise.segmentation.explore;

import java.util.Arrays;
import java.util.List;

/**
 * The seed's summary lines: mean and median of each axis (x, y, z) of shape and of spacing, and the
 * mean frequency of each class over the cases.
 */
public record ExplorationSummary(
    double[] shapeMean,
    double[] shapeMedian,
    double[] spacingMean,
    double[] spacingMedian,
    double[] classFrequencyMean) {

  public static ExplorationSummary of(List<CaseExploration> cases) {
    int n = cases.size();
    int k = cases.get(0).classFrequency().length;
    double[] shapeMean = new double[3];
    double[] shapeMedian = new double[3];
    double[] spacingMean = new double[3];
    double[] spacingMedian = new double[3];
    for (int a = 0; a < 3; a++) {
      double[] s = new double[n];
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = cases.get(i).shape()[a];
        p[i] = cases.get(i).spacing()[a];
      }
      shapeMean[a] = mean(s);
      shapeMedian[a] = median(s);
      spacingMean[a] = mean(p);
      spacingMedian[a] = median(p);
    }
    double[] freq = new double[k];
    for (int c = 0; c < k; c++) {
      double[] f = new double[n];
      for (int i = 0; i < n; i++) {
        f[i] = cases.get(i).classFrequency()[c];
      }
      freq[c] = mean(f);
    }
    return new ExplorationSummary(shapeMean, shapeMedian, spacingMean, spacingMedian, freq);
  }

  /** Arithmetic mean, summed in order (so the result is reproducible). */
  static double mean(double[] v) {
    double s = 0;
    for (double d : v) s += d;
    return s / v.length;
  }

  /** Median as numpy: the middle value, or the mean of the two middle values. */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
