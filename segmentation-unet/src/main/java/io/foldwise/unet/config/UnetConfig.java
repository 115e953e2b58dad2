package io.foldwise.unet.config;

import java.util.Arrays;

/**
 * The architecture of MIScnn's standard 3D U-Net: {@code depth} pooling levels, {@code baseFilters}
 * filters at the top level doubling per level (the bottleneck has baseFilters * 2^depth), the number
 * of output classes and the patch shape (x, y, z; every axis divisible by 2^depth).
 *
 * @param depth pooling levels (MIScnn: 4)
 * @param baseFilters filters of the first level (MIScnn: 32)
 * @param classes output classes including background (COVID-19 study: 4)
 * @param patchShape patch size x, y, z in voxels (MIScnn: 160, 160, 80)
 * @param inputChannels image channels (1 for CT)
 * @param bnMomentum batch-norm moving-average momentum as in Keras (MIScnn: 0.99)
 * @param bnEpsilon batch-norm epsilon (Keras default 0.001)
 * @param seed seed of the weight initialisation
 */
public record UnetConfig(
    int depth,
    int baseFilters,
    int classes,
    int[] patchShape,
    int inputChannels,
    double bnMomentum,
    double bnEpsilon,
    long seed) {

  public UnetConfig {
    if (depth < 1 || depth > 6) {
      throw new IllegalArgumentException("depth must be 1..6, got " + depth);
    }
    if (baseFilters < 1) {
      throw new IllegalArgumentException("baseFilters must be positive, got " + baseFilters);
    }
    if (classes < 2 || classes > 127) {
      throw new IllegalArgumentException("classes must be 2..127, got " + classes);
    }
    if (patchShape == null) {
      throw new NullPointerException("patchShape == null");
    }
    if (patchShape.length != 3) {
      throw new IllegalArgumentException(
          "patchShape must have 3 axes (x, y, z), got " + Arrays.toString(patchShape));
    }
    int multiple = 1 << depth;
    for (int s : patchShape) {
      if (s <= 0 || s % multiple != 0) {
        throw new IllegalArgumentException(
            "patchShape " + Arrays.toString(patchShape) + " must be positive multiples of 2^depth = "
                + multiple + "; change the patch shape or the depth");
      }
    }
    if (inputChannels < 1) {
      throw new IllegalArgumentException("inputChannels must be positive, got " + inputChannels);
    }
    if (!(bnMomentum >= 0 && bnMomentum < 1)) {
      throw new IllegalArgumentException("bnMomentum must be in [0, 1), got " + bnMomentum);
    }
    if (!(bnEpsilon > 0)) {
      throw new IllegalArgumentException("bnEpsilon must be positive, got " + bnEpsilon);
    }
    patchShape = patchShape.clone();
  }

  /** MIScnn's standard U-Net of the COVID-19 study: depth 4, 32 filters, 4 classes, 160x160x80. */
  public static UnetConfig miscnn() {
    return new UnetConfig(4, 32, 4, new int[] {160, 160, 80}, 1, 0.99, 1e-3, 42L);
  }

  /** A tiny model for tests and CI smoke runs: depth 2, 4 filters, 4 classes, 16x16x8 patches. */
  public static UnetConfig smoke() {
    return new UnetConfig(2, 4, 4, new int[] {16, 16, 8}, 1, 0.99, 1e-3, 42L);
  }

  @Override
  public int[] patchShape() {
    return patchShape.clone();
  }

  /** Voxels in one patch. */
  public int patchVoxels() {
    return patchShape[0] * patchShape[1] * patchShape[2];
  }

  public UnetConfig withPatchShape(int... shape) {
    return new UnetConfig(depth, baseFilters, classes, shape, inputChannels, bnMomentum, bnEpsilon, seed);
  }

  public UnetConfig withFilters(int depth, int baseFilters) {
    return new UnetConfig(depth, baseFilters, classes, patchShape, inputChannels, bnMomentum, bnEpsilon, seed);
  }

  public UnetConfig withSeed(long newSeed) {
    return new UnetConfig(depth, baseFilters, classes, patchShape, inputChannels, bnMomentum, bnEpsilon, newSeed);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnetConfig c
        && depth == c.depth
        && baseFilters == c.baseFilters
        && classes == c.classes
        && Arrays.equals(patchShape, c.patchShape)
        && inputChannels == c.inputChannels
        && Double.compare(bnMomentum, c.bnMomentum) == 0
        && Double.compare(bnEpsilon, c.bnEpsilon) == 0
        && seed == c.seed;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {depth, baseFilters, classes, Arrays.hashCode(patchShape),
        inputChannels, bnMomentum, bnEpsilon, seed});
  }

  @Override
  public String toString() {
    return "UnetConfig{depth=" + depth + ", baseFilters=" + baseFilters + ", classes=" + classes
        + ", patchShape=" + Arrays.toString(patchShape) + ", inputChannels=" + inputChannels
        + ", bnMomentum=" + bnMomentum + ", bnEpsilon=" + bnEpsilon + ", seed=" + seed + "}";
  }
}
