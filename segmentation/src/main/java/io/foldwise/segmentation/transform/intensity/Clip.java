package io.foldwise.segmentation.transform.intensity;

import io.foldwise.segmentation.transform.SampleTransform;
import io.foldwise.segmentation.volume.Sample;

/** Clips image intensities to [min, max] (MIScnn Clipping; e.g. HU -1250..250). */
public final class Clip implements SampleTransform {
  private final double min;
  private final double max;

  public Clip(double min, double max) {
    if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
      throw new IllegalArgumentException(
          "clip must be [min, max] with finite min < max, got [" + min + ", " + max + "]");
    }
    this.min = min;
    this.max = max;
  }

  @Override
  public Sample apply(Sample sample) {
    return new Sample(sample.caseId(), sample.image().withData(apply(sample.image().data())),
        sample.label());
  }

  /** A clipped copy of {@code voxels}. */
  public float[] apply(float[] voxels) {
    float lo = (float) min;
    float hi = (float) max;
    float[] out = new float[voxels.length];
    for (int i = 0; i < voxels.length; i++) {
      float v = voxels[i];
      out[i] = v < lo ? lo : (v > hi ? hi : v);
    }
    return out;
  }

  @Override
  public String name() {
    return "clip(" + min + ", " + max + ")";
  }
}
