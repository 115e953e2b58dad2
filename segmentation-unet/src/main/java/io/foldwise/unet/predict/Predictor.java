package io.foldwise.unet.predict;

import io.foldwise.segmentation.patch.ProbabilityStitcher;
import io.foldwise.segmentation.patch.SlidingWindow;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.data.Tensors;
import io.foldwise.unet.runtime.NativeBackend;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sliding-window prediction of a whole preprocessed volume (MIScnn: overlap 80, 80, 30 for
 * 160x160x80 patches): windows on {@link SlidingWindow#grid}, one at a time (batch 1), softmax
 * averaged with equal or Gaussian weights by {@link ProbabilityStitcher}, then argmax. Memory: the
 * network's inference activations for one patch plus 4·(classes + 1) bytes per voxel. The result is
 * on the preprocessed grid; the caller resamples the labels back to the original geometry.
 */
public final class Predictor {
  private Predictor() {}

  /**
   * @param overlap per-axis overlap (x, y, z) of neighbouring windows, each below the patch size
   * @param gaussian weight window centres more (nnU-Net) instead of MIScnn's plain mean
   */
  public static Prediction predict(ComputationGraph model, UnetConfig config, ImageVolume image,
      int[] overlap, boolean gaussian) {
    return predict(model, config, image, overlap, gaussian, Mirroring.NONE, (done, windows) -> {});
  }

  /** Called after each window: {@code done} of {@code windows} predicted. */
  public interface WindowProgress {
    void windowDone(int done, int windows);
  }

  /**
   * As {@link #predict(ComputationGraph, UnetConfig, ImageVolume, int[], boolean)}, each window also
   * predicted mirrored ({@link Mirroring}; the softmax of the mirrored passes averaged before stitching),
   * reporting each window.
   */
  public static Prediction predict(ComputationGraph model, UnetConfig config, ImageVolume image,
      int[] overlap, boolean gaussian, Mirroring mirroring, WindowProgress progress) {
    Objects.requireNonNull(progress, "progress == null");
    Objects.requireNonNull(mirroring, "mirroring == null");
    int swapped = mirroring.swapOnX().length;
    if (swapped != 0 && swapped != config.classes()) {
      throw new IllegalArgumentException("mirroring " + mirroring + " pairs " + swapped + " classes, the model has "
          + config.classes());
    }
    NativeBackend.select();
    Objects.requireNonNull(model, "model == null");
    Objects.requireNonNull(image, "image == null");
    int[] patch = config.patchShape();
    Geometry g = image.geometry();
    int[] shape = g.shape();
    // training workspaces are not needed any more and would double the memory
    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    List<int[]> origins = SlidingWindow.grid(shape, patch, overlap);
    ProbabilityStitcher stitcher = new ProbabilityStitcher(shape, config.classes(), patch, gaussian);
    int done = 0;
    List<boolean[]> flips = mirroring.combinations();
    for (int[] origin : origins) {
      float[] window = image.crop(origin, patch, 0f);
      float[] probs = null;
      for (boolean[] flip : flips) {
        boolean mirrored = flip[0] || flip[1] || flip[2];
        float[] p = softmax(model, config, mirrored ? Mirroring.mirror(window, patch, flip) : window);
        if (mirrored) {
          p = mirroring.unmirror(p, config.classes(), patch, flip);
        }
        if (probs == null) {
          probs = p;
        } else {
          for (int i = 0; i < probs.length; i++) {
            probs[i] += p[i];
          }
        }
      }
      if (flips.size() > 1) {
        float scale = 1f / flips.size();
        for (int i = 0; i < probs.length; i++) {
          probs[i] *= scale;
        }
      }
      stitcher.add(origin, probs);
      progress.windowDone(++done, origins.size());
    }
    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    return new Prediction(new LabelVolume(g, stitcher.argmax()), stitcher.probabilities(),
        stitcher.weightSum(), origins.size());
  }

  /** The model's softmax for one x-fastest window as [class][x-fastest voxel], the stitcher's layout. */
  private static float[] softmax(ComputationGraph model, UnetConfig config, float[] window) {
    INDArray input = Tensors.image(window, config.patchShape());
    INDArray out = model.output(false, input)[0];
    // NDHWC [1, z, y, x, classes] -> [class][x-fastest voxel]
    float[] probs = out.permute(0, 4, 1, 2, 3).dup('c').data().asFloat();
    input.close();
    out.close();
    if (probs.length != config.classes() * config.patchVoxels()) {
      throw new IllegalStateException("model output has " + probs.length + " values, expected "
          + config.classes() + " classes x " + config.patchVoxels() + " voxels; the model and "
          + config + " disagree");
    }
    return probs;
  }
}
