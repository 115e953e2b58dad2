package io.foldwise.segmentation.patch;

import java.util.Arrays;
import java.util.Objects;

/** Argument checks shared by the patch classes. */
final class PatchShapes {
  private PatchShapes() {}

  /** A copy of {@code shape} after checking it has 3 positive axes and fits one array. */
  static int[] check(String what, int[] shape) {
    Objects.requireNonNull(shape, what + " == null");
    if (shape.length != 3) {
      throw new IllegalArgumentException(what + " must have 3 axes, got " + Arrays.toString(shape));
    }
    long voxels = 1;
    for (int s : shape) {
      if (s <= 0) {
        throw new IllegalArgumentException(what + " must be positive, got " + Arrays.toString(shape));
      }
      voxels *= s;
    }
    if (voxels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          what + " " + Arrays.toString(shape) + " has " + voxels + " voxels, more than one array holds");
    }
    return shape.clone();
  }
}
