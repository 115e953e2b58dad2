package io.foldwise.segmentation.patch;

import java.util.Arrays;

/**
 * Copies a box out of an x-fastest volume; voxels of the box outside the volume get the fill
 * value (so a volume smaller than the box is padded).
 */
public final class Windows {
  private Windows() {}

  /** The {@code box}-shaped window at {@code origin} (may be partly outside), padded with {@code fill}. */
  public static float[] crop(float[] volume, int[] shape, int[] origin, int[] box, float fill) {
    float[] out = new float[box[0] * box[1] * box[2]];
    if (fill != 0f) {
      Arrays.fill(out, fill);
    }
    copyInside(volume, shape, origin, box, out);
    return out;
  }

  /** As {@link #crop(float[], int[], int[], int[], float)} for labels, padded with {@code fill}. */
  public static byte[] crop(byte[] volume, int[] shape, int[] origin, int[] box, byte fill) {
    byte[] out = new byte[box[0] * box[1] * box[2]];
    if (fill != 0) {
      Arrays.fill(out, fill);
    }
    copyInside(volume, shape, origin, box, out);
    return out;
  }

  /** Copies the part of the box that lies inside the volume, row by row ({@code volume}, {@code out}: arrays of one type). */
  private static void copyInside(Object volume, int[] shape, int[] origin, int[] box, Object out) {
    int x0 = Math.max(0, origin[0]);
    int x1 = Math.min(shape[0], origin[0] + box[0]);
    if (x1 <= x0) {
      return;
    }
    for (int z = Math.max(0, origin[2]); z < Math.min(shape[2], origin[2] + box[2]); z++) {
      for (int y = Math.max(0, origin[1]); y < Math.min(shape[1], origin[1] + box[1]); y++) {
        int src = x0 + shape[0] * (y + shape[1] * z);
        int dst = (x0 - origin[0]) + box[0] * ((y - origin[1]) + box[1] * (z - origin[2]));
        System.arraycopy(volume, src, out, dst, x1 - x0);
      }
    }
  }
}
