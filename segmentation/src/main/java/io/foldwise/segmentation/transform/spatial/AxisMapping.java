package io.foldwise.segmentation.transform.spatial;

/**
 * Where output voxel {@code j} of a resized axis samples the input: the grids cover the same
 * physical extent and voxel centres are scaled from the corner, {@code x = (j + 0.5) * n / m - 0.5}
 * for an axis of n input and m output voxels. This is skimage {@code resize} (used by
 * batchgenerators and so by MIScnn) and {@code scipy.ndimage.zoom(..., grid_mode=True)}.
 */
public final class AxisMapping {
  private AxisMapping() {}

  /** Input coordinate (in input voxel units) sampled by output voxel {@code j}. */
  public static double source(int j, int inputSize, int outputSize) {
    return (j + 0.5) * ((double) inputSize / outputSize) - 0.5;
  }

  /** Nearest input voxel index of output voxel {@code j} (floor(x + 0.5), clamped to the axis). */
  public static int nearest(int j, int inputSize, int outputSize) {
    int i = (int) Math.floor(source(j, inputSize, outputSize) + 0.5);
    return Math.max(0, Math.min(inputSize - 1, i));
  }
}
