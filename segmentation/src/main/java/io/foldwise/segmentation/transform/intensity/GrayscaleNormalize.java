package io.foldwise.segmentation.transform.intensity;

import io.foldwise.segmentation.transform.SampleTransform;
import io.foldwise.segmentation.volume.Sample;

/**
 * Min-max normalisation to 0..255 using the volume's own minimum and maximum (MIScnn
 * Normalization mode "grayscale"). A constant volume (max == min) has no range to stretch and
 * becomes all zeros instead of the NaNs a division by zero would give.
 */
public final class GrayscaleNormalize implements SampleTransform {
  @Override
  public Sample apply(Sample sample) {
    return new Sample(sample.caseId(), sample.image().withData(apply(sample.image().data())),
        sample.label());
  }

  /** A normalised copy of {@code voxels}. */
  public float[] apply(float[] voxels) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : voxels) {
      if (Float.isNaN(v)) {
        throw new IllegalArgumentException(
            "grayscale normalisation: the image contains NaN; fix or mask the input volume");
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float[] out = new float[voxels.length];
    if (!(max > min)) {
      return out;
    }
    double scale = 255.0 / (max - min);
    for (int i = 0; i < voxels.length; i++) {
      out[i] = (float) ((voxels[i] - min) * scale);
    }
    return out;
  }

  @Override
  public String name() {
    return "grayscale(0, 255)";
  }
}
