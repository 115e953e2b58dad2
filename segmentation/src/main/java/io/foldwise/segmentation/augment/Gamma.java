package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.transform.intensity.ZScore;
import java.util.random.RandomGenerator;

/**
 * Gamma correction with the patch's mean and standard deviation restored afterwards
 * (batchgenerators GammaTransform, retain_stats):
 * v' = ((v − min) / (range + ε))^γ · (range + ε) + min with ε = 1e-7 and γ drawn around 1 from
 * {@code range}; then v' is standardised and rescaled to the old mean and sd.
 */
public final class Gamma extends IntensityAugmentation {
  public Gamma(double probability, Range range) {
    super("gamma", probability, range);
  }

  @Override
  float[] transform(float[] image, RandomGenerator rng) {
    return apply(image, range.drawAroundOne(rng));
  }

  /** The gamma-corrected copy of {@code image} with its mean and sd kept. */
  public static float[] apply(float[] image, double gamma) {
    double[] stats = ZScore.meanAndSd(image);
    float[] extent = IntensityExtent.of(image);
    double min = extent[0];
    double max = extent[1];
    double span = max - min;
    double[] g = new double[image.length];
    for (int i = 0; i < image.length; i++) {
      g[i] = Math.pow((image[i] - min) / (span + 1e-7), gamma) * (span + 1e-7) + min;
    }
    double sum = 0;
    for (double v : g) {
      sum += v;
    }
    double mean = sum / g.length;
    double sq = 0;
    for (double v : g) {
      sq += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(sq / g.length);
    double scale = stats[1] / (sd + 1e-8);
    float[] out = new float[image.length];
    for (int i = 0; i < image.length; i++) {
      out[i] = (float) ((g[i] - mean) * scale + stats[0]);
    }
    return out;
  }
}
