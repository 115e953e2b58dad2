package io.foldwise.unet.data;

import io.foldwise.segmentation.patch.Patch;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Axis mapping between our volumes and DL4J's Conv3D tensors. A volume of shape (x, y, z) stored
 * x-fastest (index x + nx·(y + ny·z)) is, byte for byte, a C-order array of shape [z, y, x]; so one
 * channel of an NCDHW tensor is the volume itself with D = z, H = y, W = x. No transposition needed.
 */
public final class Tensors {
  private Tensors() {}

  /** The NCDHW shape [n, channels, z, y, x] of a batch of volumes of shape (x, y, z). */
  public static long[] ncdhw(int n, int channels, int[] shapeXyz) {
    return new long[] {n, channels, shapeXyz[2], shapeXyz[1], shapeXyz[0]};
  }

  /** Images of the patches as [N, 1, z, y, x]. */
  public static INDArray images(List<Patch> patches) {
    int[] shape = patches.get(0).shape();
    int voxels = patches.get(0).voxelCount();
    float[] data = new float[patches.size() * voxels];
    for (int i = 0; i < patches.size(); i++) {
      Patch p = patches.get(i);
      requireShape(p, shape);
      System.arraycopy(p.image(), 0, data, i * voxels, voxels);
    }
    return Nd4j.create(data, ncdhw(patches.size(), 1, shape), 'c');
  }

  /** One-hot labels of the patches as [N, classes, z, y, x]. */
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
        data[(i * classes + c) * voxels + v] = 1f;
      }
    }
    return Nd4j.create(data, ncdhw(patches.size(), classes, shape), 'c');
  }

  /** One image (x-fastest voxels of shape (x, y, z)) as [1, 1, z, y, x]. */
  public static INDArray image(float[] voxels, int[] shapeXyz) {
    return Nd4j.create(voxels, ncdhw(1, 1, shapeXyz), 'c');
  }

  /**
   * The per-class probabilities of sample {@code n} of an NCDHW output as [class][x-fastest voxel].
   */
  public static float[][] classMaps(INDArray output, int n) {
    int classes = (int) output.size(1);
    INDArray sample = output.slice(n).dup('c');
    float[] all = sample.data().asFloat();
    int voxels = all.length / classes;
    float[][] out = new float[classes][];
    for (int c = 0; c < classes; c++) {
      out[c] = Arrays.copyOfRange(all, c * voxels, (c + 1) * voxels);
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
