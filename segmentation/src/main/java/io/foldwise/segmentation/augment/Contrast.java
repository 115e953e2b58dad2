package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.transform.intensity.ZScore;
import java.util.random.RandomGenerator;

/**
 * Scales intensities about their mean by a factor drawn around 1 from {@code range}, then clips
 * to the original [min, max] (batchgenerators ContrastAugmentationTransform, preserve_range).
 */
public final class Contrast implements PatchAugmentation {
  private final double probability;
  private final Range range;

  public Contrast(double probability, Range range) {
    this.probability = probability;
    this.range = range;
  }

  @Override
  public Patch apply(Patch patch, RandomGenerator rng) {
    if (!(rng.nextDouble() < probability)) {
      return patch;
    }
    return new Patch(patch.shape(), apply(patch.image(), range.drawAroundOne(rng)), patch.label());
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

  @Override
  public String name() {
    return "contrast(" + range + ", p " + probability + ")";
  }
}
