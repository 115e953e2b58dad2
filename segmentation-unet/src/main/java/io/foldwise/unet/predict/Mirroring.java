package io.foldwise.unet.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Test-time mirroring (nnU-Net's): each window is also predicted mirrored along every combination of
 * the chosen axes, each softmax mirrored back, and the {@code 2^n} results averaged before stitching.
 * Mirroring x (left-right) turns a left organ into a right one; {@code swapOnX} says which class each
 * class becomes then (e.g. lung_L and lung_R trade places), so a prediction on the x-mirrored window is
 * relabelled before it is averaged. Costs {@code 2^n} forward passes per window.
 *
 * @param axes which of x, y, z (in that order) are mirrored
 * @param swapOnX the class each class becomes when x is mirrored: a permutation of 0..classes-1 that is
 *     its own inverse, or empty for none
 */
public record Mirroring(boolean[] axes, int[] swapOnX) {
  /** No mirroring: one forward pass per window. */
  public static final Mirroring NONE = new Mirroring(new boolean[3], new int[0]);

  public Mirroring {
    Objects.requireNonNull(axes, "axes == null");
    Objects.requireNonNull(swapOnX, "swapOnX == null");
    if (axes.length != 3) {
      throw new IllegalArgumentException("axes must say x, y and z, got " + axes.length + " values");
    }
    axes = axes.clone();
    swapOnX = swapOnX.clone();
    for (int c = 0; c < swapOnX.length; c++) {
      int to = swapOnX[c];
      if (to < 0 || to >= swapOnX.length || swapOnX[to] != c) {
        throw new IllegalArgumentException("swapOnX must pair classes (class c becomes swapOnX[c] and back), got "
            + Arrays.toString(swapOnX));
      }
    }
  }

  /**
   * From names: {@code axes} among "x", "y", "z"; {@code swap} pairs of class names that trade places when
   * x is mirrored (either direction given once), resolved against {@code classes} (label value = position).
   */
  public static Mirroring of(List<String> axes, java.util.Map<String, String> swap, List<String> classes) {
    boolean[] flags = new boolean[3];
    for (String axis : axes) {
      int a = "xyz".indexOf(axis);
      if (axis.length() != 1 || a < 0) {
        throw new IllegalArgumentException("mirror axis '" + axis + "' is not one of x, y, z");
      }
      flags[a] = true;
    }
    if (swap.isEmpty()) {
      return new Mirroring(flags, new int[0]);
    }
    int[] to = new int[classes.size()];
    for (int c = 0; c < to.length; c++) {
      to[c] = c;
    }
    swap.forEach((a, b) -> {
      int ia = classes.indexOf(a);
      int ib = classes.indexOf(b);
      if (ia < 0 || ib < 0) {
        throw new IllegalArgumentException("mirror swap " + a + " <-> " + b + " names a class not in " + classes);
      }
      to[ia] = ib;
      to[ib] = ia;
    });
    return new Mirroring(flags, to);
  }

  @Override
  public boolean[] axes() {
    return axes.clone();
  }

  @Override
  public int[] swapOnX() {
    return swapOnX.clone();
  }

  /** True when windows are predicted more than once. */
  public boolean active() {
    return axes[0] || axes[1] || axes[2];
  }

  /** Every combination of the chosen axes as {x, y, z} flags, the unmirrored one first. */
  public List<boolean[]> combinations() {
    List<boolean[]> out = new ArrayList<>();
    for (int mask = 0; mask < 8; mask++) {
      boolean[] flip = {(mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0};
      if ((!flip[0] || axes[0]) && (!flip[1] || axes[1]) && (!flip[2] || axes[2])) {
        out.add(flip);
      }
    }
    return out;
  }

  /** An x-fastest volume of {@code shape} (x, y, z) mirrored along the flagged axes (a new array). */
  public static float[] mirror(float[] volume, int[] shape, boolean[] flip) {
    int voxels = shape[0] * shape[1] * shape[2];
    if (volume.length != voxels) {
      throw new IllegalArgumentException("volume has " + volume.length + " values, shape " + Arrays.toString(shape)
          + " needs " + voxels);
    }
    float[] out = new float[voxels];
    mirror(volume, 0, out, 0, shape, flip);
    return out;
  }

  /** The volume at {@code from[fromOffset..]} mirrored into {@code to[toOffset..]}. */
  private static void mirror(float[] from, int fromOffset, float[] to, int toOffset, int[] shape, boolean[] flip) {
    int nx = shape[0];
    int ny = shape[1];
    int nz = shape[2];
    for (int z = 0; z < nz; z++) {
      int sz = flip[2] ? nz - 1 - z : z;
      for (int y = 0; y < ny; y++) {
        int sy = flip[1] ? ny - 1 - y : y;
        int src = fromOffset + nx * (sy + ny * sz);
        int dst = toOffset + nx * (y + ny * z);
        if (flip[0]) {
          for (int x = 0; x < nx; x++) {
            to[dst + x] = from[src + nx - 1 - x];
          }
        } else {
          System.arraycopy(from, src, to, dst, nx);
        }
      }
    }
  }

  /**
   * The per-class probabilities [class][x-fastest voxel] of a mirrored window put back: each class map
   * mirrored along {@code flip}, and with x mirrored, moved to the class it stands for.
   */
  float[] unmirror(float[] probabilities, int classes, int[] shape, boolean[] flip) {
    int voxels = probabilities.length / classes;
    float[] out = new float[probabilities.length];
    for (int c = 0; c < classes; c++) {
      int to = flip[0] && swapOnX.length > 0 ? swapOnX[c] : c;
      mirror(probabilities, c * voxels, out, to * voxels, shape, flip);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mirroring m && Arrays.equals(m.axes, axes) && Arrays.equals(m.swapOnX, swapOnX);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(axes) * 31 + Arrays.hashCode(swapOnX);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int a = 0; a < 3; a++) {
      if (axes[a]) {
        s.append("xyz".charAt(a));
      }
    }
    return s.length() == 0 ? "none" : s + (swapOnX.length > 0 ? " (x swaps " + Arrays.toString(swapOnX) + ")" : "");
  }
}
