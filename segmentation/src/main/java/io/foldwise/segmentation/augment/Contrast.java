package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.transform.intensity.ZScore;
import java.util.random.RandomGenerator;

/**
 * Scales intensities about their mean by a factor drawn around 1 from {@code range}, then clips
 * to the original [min, max] (batchgenerators ContrastAugmentationTransform, preserve_range).
 */
public final class Contrast extends IntensityAugmentation {
  public Contrast(double probability, Range range) {
    super("contrast", probability, range);
  }

  @Override
  float[] transform(float[] image, RandomGenerator rng) {
    return apply(image, range.drawAroundOne(rng));
  }

  /** {@code (v - mean) * factor + mean}, clipped to the input's [min, max]. */
  public static float[] apply(float[] image, double factor) {
    double mean = ZScore.meanAndSd(image)[0];
    float[] extent = IntensityExtent.of(image);
    float min = extent[0];
    float max = extent[1];
    float[] out = new float[image.length];
    for (int i = 0; i < image.length; i++) {
      float v = (float) ((image[i] - mean) * factor + mean);
      out[i] = v < min ? min : (v > max ? max : v);
    }
    return out;
  }
}
