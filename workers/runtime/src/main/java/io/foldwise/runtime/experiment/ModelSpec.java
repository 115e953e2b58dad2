package io.foldwise.runtime.experiment;

import java.util.Arrays;

/** The network: MIScnn's standard 3D U-Net with configurable depth, filters and patch shape (x, y, z). */
public record ModelSpec(int depth, int baseFilters, int[] patch, double bnMomentum) {
  public ModelSpec {
    patch = patch.clone();
  }

  @Override
  public int[] patch() {
    return patch.clone();
  }

  static ModelSpec read(ConfigNode node) {
    node.choice("architecture", "unet3d_standard", "unet3d_standard");
    int depth = (int) node.integer("depth", 1, 6);
    int filters = (int) node.integer("base_filters", 1, 256);
    int[] patch = node.ints("patch", 3, 4, 1024);
    int multiple = 1 << depth;
    for (int p : patch) {
      if (p % multiple != 0) {
        throw node.error("patch", "must be divisible by 2^depth = " + multiple + " on every axis, got "
            + Arrays.toString(patch));
      }
    }
    double momentum = node.number("bn_momentum", 0, 1, 0.99);
    node.finish();
    return new ModelSpec(depth, filters, patch, momentum);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec m && m.depth == depth && m.baseFilters == baseFilters
        && Arrays.equals(m.patch, patch) && m.bnMomentum == bnMomentum;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(patch) * 31 + depth * 7 + baseFilters;
  }

  @Override
  public String toString() {
    return "ModelSpec{depth=" + depth + ", baseFilters=" + baseFilters + ", patch="
        + Arrays.toString(patch) + ", bnMomentum=" + bnMomentum + "}";
  }
}
