package io.foldwise.segmentation.phantom;

import java.util.Arrays;

/**
 * What synthetic data set to make: number of cases, seed, grid shape (x, y, z) shared by all
 * cases, Gaussian noise standard deviation in HU, and how many of the last cases are stored
 * already windowed to 0..255 (lung window [-1250, 250], as the radiopaedia cases of the real data).
 */
public record PhantomSpec(int cases, long seed, int[] shape, double noiseHu, int windowedCases) {
  /** Default grid: tiny, for CI. */
  public static final int[] DEFAULT_SHAPE = {48, 48, 16};
  public static final double DEFAULT_NOISE_HU = 20;

  public PhantomSpec {
    if (cases < 1 || cases > 999) {
      throw new IllegalArgumentException("cases must be in 1..999, got " + cases);
    }
    if (shape == null || shape.length != 3) {
      throw new IllegalArgumentException(
          "shape must have 3 axes (x, y, z), got " + Arrays.toString(shape));
    }
    if (shape[0] < 16 || shape[1] < 16 || shape[2] < 4) {
      throw new IllegalArgumentException("shape must be at least 16x16x4, got "
          + shape[0] + "x" + shape[1] + "x" + shape[2]);
    }
    if ((long) shape[0] * shape[1] * shape[2] > 1024L * 1024 * 512) {
      throw new IllegalArgumentException("shape " + shape[0] + "x" + shape[1] + "x" + shape[2]
          + " is too large (more than 1024x1024x512 voxels)");
    }
    if (!(noiseHu >= 0) || noiseHu > 200) {
      throw new IllegalArgumentException("noiseHu must be in 0..200, got " + noiseHu);
    }
    if (windowedCases < 0 || windowedCases > cases) {
      throw new IllegalArgumentException(
          "windowedCases must be in 0.." + cases + ", got " + windowedCases);
    }
    shape = shape.clone();
  }

  /** {@code cases} cases of the default shape and noise, none windowed. */
  public static PhantomSpec of(int cases, long seed) {
    return new PhantomSpec(cases, seed, DEFAULT_SHAPE, DEFAULT_NOISE_HU, 0);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public PhantomSpec withShape(int[] newShape) {
    return new PhantomSpec(cases, seed, newShape, noiseHu, windowedCases);
  }

  public PhantomSpec withWindowedCases(int n) {
    return new PhantomSpec(cases, seed, shape, noiseHu, n);
  }

  public PhantomSpec withNoiseHu(double sd) {
    return new PhantomSpec(cases, seed, shape, sd, windowedCases);
  }

  /** Parses {@code 48x48x16}. */
  public static int[] parseShape(String text) {
    String[] parts = text.trim().toLowerCase().split("x");
    if (parts.length != 3) {
      throw new IllegalArgumentException("shape must look like 48x48x16, got '" + text + "'");
    }
    int[] s = new int[3];
    for (int i = 0; i < 3; i++) {
      try {
        s[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("shape must look like 48x48x16, got '" + text + "'");
      }
    }
    return s;
  }

  /** Case id of case {@code index} (0-based): phantom_001, phantom_002, ... */
  public static String caseId(int index) {
    return String.format("phantom_%03d", index + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PhantomSpec p && p.cases == cases && p.seed == seed
        && Arrays.equals(p.shape, shape) && Double.compare(p.noiseHu, noiseHu) == 0
        && p.windowedCases == windowedCases;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new long[] {cases, seed, Arrays.hashCode(shape),
        Double.doubleToLongBits(noiseHu), windowedCases});
  }

  @Override
  public String toString() {
    return "PhantomSpec{cases=" + cases + ", seed=" + seed + ", shape=" + Arrays.toString(shape)
        + ", noiseHu=" + noiseHu + ", windowedCases=" + windowedCases + "}";
  }
}
