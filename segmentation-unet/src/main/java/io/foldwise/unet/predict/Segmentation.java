package io.foldwise.unet.predict;

import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;
import io.foldwise.segmentation.transform.spatial.Slabs;
import io.foldwise.segmentation.transform.spatial.SeparableResize;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.util.Arrays;

/**
 * A scan's segmentation: the label map on the scan's own grid, and the (ensemble-averaged) prediction on
 * the preprocessed grid it came from.
 */
public final class Segmentation {
  private final LabelVolume labels;
  private final Prediction prediction;
  private final Geometry original;
  private final LabelInterpolation labelInterpolation;

  Segmentation(LabelVolume labels, Prediction prediction, Geometry original, LabelInterpolation labelInterpolation) {
    this.labels = labels;
    this.prediction = prediction;
    this.original = original;
    this.labelInterpolation = labelInterpolation;
  }

  /** The argmax label map with the scan's shape, spacing and affine. */
  public LabelVolume labels() {
    return labels;
  }

  /** The prediction on the preprocessed grid (averaged softmax of every model, windows counted over all). */
  public Prediction prediction() {
    return prediction;
  }

  /** Windows evaluated, summed over the models. */
  public int windows() {
    return prediction.windows();
  }

  /**
   * The softmax of class {@code c} on the scan's grid: the preprocessed-grid probabilities resampled
   * linearly (the grid mapping labels use), values in 0..1.
   */
  public ImageVolume probability(int c) {
    int voxels = prediction.labels().geometry().voxelCount();
    int classes = prediction.probabilities().length / voxels;
    if (c < 0 || c >= classes) {
      throw new IllegalArgumentException("class must be 0.." + (classes - 1) + ", got " + c);
    }
    float[] p = Arrays.copyOfRange(prediction.probabilities(), c * voxels, (c + 1) * voxels);
    float[] out = SeparableResize.resize(p, prediction.labels().geometry().shape(), original.shape(),
        Interpolation.LINEAR, Slabs.defaultThreads());
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.min(1f, Math.max(0f, out[i]));
    }
    return new ImageVolume(original, out);
  }

  /** How the labels were put back on the scan's grid. */
  public LabelInterpolation labelInterpolation() {
    return labelInterpolation;
  }
}
