package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.patch.Patch;
import java.util.random.RandomGenerator;

/** Multiplies intensities by a factor drawn uniformly from {@code range} (BrightnessMultiplicativeTransform). */
public final class Brightness implements PatchAugmentation {
  private final double probability;
  private final Range range;

  public Brightness(double probability, Range range) {
    this.probability = probability;
    this.range = range;
  }

  @Override
  public Patch apply(Patch patch, RandomGenerator rng) {
    if (!(rng.nextDouble() < probability)) {
      return patch;
    }
    double factor = range.draw(rng);
    float[] image = patch.image();
    float[] out = new float[image.length];
    for (int i = 0; i < image.length; i++) {
      out[i] = (float) (image[i] * factor);
    }
    return new Patch(patch.shape(), out, patch.label());
  }

  @Override
  public String name() {
    return "brightness(" + range + ", p " + probability + ")";
  }
}
