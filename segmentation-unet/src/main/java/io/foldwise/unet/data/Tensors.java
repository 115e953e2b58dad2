package io.foldwise.unet.data;

import io.foldwise.segmentation.patch.Patch;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Axis mapping between our volumes and the U-Net's tensors, which are channels-last (NDHWC: the
 * layout oneDNN's convolutions run in without reordering, see {@link io.foldwise.unet.onednn.OneDnn}).
 * A volume of shape (x, y, z) stored x-fastest (index x + nx·(y + ny·z)) is, byte for byte, a C-order
 * array of shape [z, y, x]; so a one-channel NDHWC tensor [n, z, y, x, 1] is the volume itself with
 * D = z, H = y, W = x. Several channels (one-hot labels, class probabilities) are interleaved per voxel.
 */
public final class Tensors {
  private Tensors() {}

  /** The NDHWC shape [n, z, y, x, channels] of a batch of volumes of shape (x, y, z). */
  public static long[] ndhwc(int n, int channels, int[] shapeXyz) {
    return new long[] {n, shapeXyz[2], shapeXyz[1], shapeXyz[0], channels};
  }

  /** Images of the patches as [N, z, y, x, 1]. */
  public static INDArray images(List<Patch> patches) {
    int[] shape = patches.get(0).shape();
    int voxels = patches.get(0).voxelCount();
    float[] data = new float[patches.size() * voxels];
    for (int i = 0; i < patches.size(); i++) {
      Patch p = patches.get(i);
      requireShape(p, shape);
      System.arraycopy(p.image(), 0, data, i * voxels, voxels);
    }
    return Nd4j.create(data, ndhwc(patches.size(), 1, shape), 'c');
  }

  /** One-hot labels of the patches as [N, z, y, x, classes]. */
  public static INDArray oneHot(List<Patch> patches, int classes) {
    int[] shape = patches.get(0).shape();
    int voxels = patches.get(0).voxelCount();
    float[] data = new float[patches.size() * classes * voxels];
    for (int i = 0; i < patches.size(); i++) {
      Patch p = patches.get(i);
      requireShape(p, shape);
      if (p.label() == null) {
        throw new IllegalArgumentException("patch " + i + " has no label; training needs masks");
      }
      byte[] label = p.label();
      for (int v = 0; v < voxels; v++) {
        int c = label[v];
        if (c < 0 || c >= classes) {
          throw new IllegalArgumentException("label " + c + " at patch voxel " + v + " is outside 0.."
              + (classes - 1) + "; the model has " + classes + " classes");
        }
        data[(i * voxels + v) * classes + c] = 1f;
      }
    }
    return Nd4j.create(data, ndhwc(patches.size(), classes, shape), 'c');
  }

  /** One image (x-fastest voxels of shape (x, y, z)) as [1, z, y, x, 1]. */
  public static INDArray image(float[] voxels, int[] shapeXyz) {
    return Nd4j.create(voxels, ndhwc(1, 1, shapeXyz), 'c');
  }

  /**
   * The per-class probabilities of sample {@code n} of an NDHWC output as [class][x-fastest voxel].
   */
  public static float[][] classMaps(INDArray output, int n) {
    int classes = (int) output.size(4);
    INDArray sample = output.slice(n).dup('c');
    float[] all = sample.data().asFloat();
    int voxels = all.length / classes;
    float[][] out = new float[classes][voxels];
    for (int v = 0, i = 0; v < voxels; v++) {
      for (int c = 0; c < classes; c++) {
        out[c][v] = all[i++];
      }
    }
    return out;
  }

  private static void requireShape(Patch p, int[] shape) {
    if (!Arrays.equals(p.shape(), shape)) {
      throw new IllegalArgumentException("patches of one batch differ in shape: "
          + Arrays.toString(shape) + " and " + Arrays.toString(p.shape()));
    }
  }
}
