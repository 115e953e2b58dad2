package io.foldwise.segmentation.augment;

import java.util.random.RandomGenerator;

/** Multiplies intensities by a factor drawn uniformly from {@code range} (BrightnessMultiplicativeTransform). */
public final class Brightness extends IntensityAugmentation {
  public Brightness(double probability, Range range) {
    super("brightness", probability, range);
  }

  @Override
  float[] transform(float[] image, RandomGenerator rng) {
    double factor = range.draw(rng);
    float[] out = new float[image.length];
    for (int i = 0; i < image.length; i++) {
      out[i] = (float) (image[i] * factor);
    }
    return out;
  }
}
