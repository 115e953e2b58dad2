package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.patch.Patch;
import java.util.random.RandomGenerator;

/**
 * Adds zero-mean Gaussian noise. As in batchgenerators' GaussianNoiseTransform (and so MIScnn),
 * the value drawn from the "variance" range is used as the noise's standard deviation.
 */
public final class GaussianNoise implements PatchAugmentation {
  private final double probability;
  private final Range variance;

  public GaussianNoise(double probability, Range variance) {
    this.probability = probability;
    this.variance = variance;
  }

  @Override
  public Patch apply(Patch patch, RandomGenerator rng) {
    if (!(rng.nextDouble() < probability)) {
      return patch;
    }
    double sd = variance.draw(rng);
    float[] image = patch.image();
    float[] out = new float[image.length];
    for (int i = 0; i < image.length; i++) {
      out[i] = (float) (image[i] + sd * rng.nextGaussian());
    }
    return new Patch(patch.shape(), out, patch.label());
  }

  @Override
  public String name() {
    return "noise(" + variance + ", p " + probability + ")";
  }
}
