package io.foldwise.unet.predict;

import io.foldwise.segmentation.volume.LabelVolume;

/** Softmax averaging of predictions of one volume by several models, then argmax (first class wins ties). */
final class Ensemble {
  private Ensemble() {}

  /** The element-wise sum of two predictions' probabilities (labels not yet meaningful). */
  static Prediction add(Prediction a, Prediction b) {
    float[] pa = a.probabilities();
    float[] pb = b.probabilities();
    if (pa.length != pb.length) {
      throw new IllegalArgumentException("ensemble members disagree: " + pa.length + " and " + pb.length
          + " probability values; the models must have the same classes");
    }
    float[] sum = new float[pa.length];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = pa[i] + pb[i];
    }
    return new Prediction(a.labels(), sum, a.weightSum(), a.windows() + b.windows());
  }

  /** The summed probabilities of {@code members} predictions divided by their count, with their argmax. */
  static Prediction mean(Prediction sum, int members) {
    float[] p = sum.probabilities();
    float[] mean = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      mean[i] = p[i] / members;
    }
    int voxels = sum.labels().geometry().voxelCount();
    int classes = p.length / voxels;
    byte[] labels = new byte[voxels];
    for (int i = 0; i < voxels; i++) {
      int best = 0;
      float bestValue = mean[i];
      for (int c = 1; c < classes; c++) {
        if (mean[c * voxels + i] > bestValue) {
          best = c;
          bestValue = mean[c * voxels + i];
        }
      }
      labels[i] = (byte) best;
    }
    return new Prediction(new LabelVolume(sum.labels().geometry(), labels), mean, sum.weightSum(), sum.windows());
  }
}
