package io.foldwise.segmentation.augment;

import java.util.random.RandomGenerator;

/**
 * Adds zero-mean Gaussian noise. As in batchgenerators' GaussianNoiseTransform (and so MIScnn),
 * the value drawn from the "variance" range is used as the noise's standard deviation.
 */
public final class GaussianNoise extends IntensityAugmentation {
  public GaussianNoise(double probability, Range variance) {
    super("noise", probability, variance);
  }

  @Override
  float[] transform(float[] image, RandomGenerator rng) {
    double sd = range.draw(rng);
    float[] out = new float[image.length];
    for (int i = 0; i < image.length; i++) {
      out[i] = (float) (image[i] + sd * rng.nextGaussian());
    }
    return out;
  }
}
