package io.foldwise.segmentation.transform.intensity;

import io.foldwise.segmentation.transform.SampleTransform;
import io.foldwise.segmentation.volume.Sample;

/**
 * Standardises a volume to mean 0 and (population) standard deviation 1 using its own statistics
 * (MIScnn Normalization mode "z-score"). A constant volume (sd == 0) becomes all zeros.
 */
public final class ZScore implements SampleTransform {
  @Override
  public Sample apply(Sample sample) {
    return new Sample(sample.caseId(), sample.image().withData(apply(sample.image().data())),
        sample.label());
  }

  /** A standardised copy of {@code voxels}. */
  public float[] apply(float[] voxels) {
    double[] meanSd = meanAndSd(voxels);
    float[] out = new float[voxels.length];
    if (!(meanSd[1] > 0)) {
      return out;
    }
    double mean = meanSd[0];
    double inv = 1.0 / meanSd[1];
    for (int i = 0; i < voxels.length; i++) {
      out[i] = (float) ((voxels[i] - mean) * inv);
    }
    return out;
  }

  /** {mean, population standard deviation} accumulated in double, two passes. */
  public static double[] meanAndSd(float[] voxels) {
    if (voxels.length == 0) {
      return new double[] {0, 0};
    }
    double sum = 0;
    for (float v : voxels) {
      sum += v;
    }
    double mean = sum / voxels.length;
    double sq = 0;
    for (float v : voxels) {
      double d = v - mean;
      sq += d * d;
    }
    return new double[] {mean, Math.sqrt(sq / voxels.length)};
  }

  @Override
  public String name() {
    return "zscore";
  }
}
