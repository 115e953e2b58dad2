package io.foldwise.segmentation.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The prediction grid (MIScnn patchwise prediction, overlap (80, 80, 30) at patch 160x160x80):
 * per axis, origins 0, step, 2·step, … with step = patch − overlap, while the window stays inside,
 * and then one window flush with the far border, so every voxel is covered. On an axis where the
 * volume is smaller than the patch the only origin is 0 and the window reaches past the border:
 * read it with {@link Windows#crop} (padding 0) and the {@link ProbabilityStitcher} ignores the
 * voxels outside.
 */
public final class SlidingWindow {
  private SlidingWindow() {}

  /** Window origins, x varying fastest. */
  public static List<int[]> grid(int[] volumeShape, int[] patchShape, int[] overlap) {
    int[] volume = PatchShapes.check("volumeShape", volumeShape);
    int[] patch = PatchShapes.check("patchShape", patchShape);
    Objects.requireNonNull(overlap, "overlap == null");
    if (overlap.length != 3) {
      throw new IllegalArgumentException(
          "overlap must have 3 axes, got " + java.util.Arrays.toString(overlap));
    }
    for (int a = 0; a < 3; a++) {
      if (overlap[a] < 0 || overlap[a] >= patch[a]) {
        throw new IllegalArgumentException("overlap must be >= 0 and < patch size on axis " + a
            + ", got " + overlap[a]);
      }
    }
    int[][] axes = new int[3][];
    for (int a = 0; a < 3; a++) {
      axes[a] = starts(volume[a], patch[a], patch[a] - overlap[a]);
    }
    List<int[]> origins = new ArrayList<>(axes[0].length * axes[1].length * axes[2].length);
    for (int z : axes[2]) {
      for (int y : axes[1]) {
        for (int x : axes[0]) {
          origins.add(new int[] {x, y, z});
        }
      }
    }
    return origins;
  }

  /** Origins along one axis. */
  static int[] starts(int size, int patch, int step) {
    if (size <= patch) {
      return new int[] {0};
    }
    List<Integer> list = new ArrayList<>();
    int o = 0;
    while (o + patch < size) {
      list.add(o);
      o += step;
    }
    list.add(size - patch);
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
