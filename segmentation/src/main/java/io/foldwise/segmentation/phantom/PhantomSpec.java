package io.foldwise.segmentation.phantom;

import java.util.Arrays;
import java.util.Random;

/**
 * What synthetic data set to make: number of cases, seed, grid shape (x, y, z) shared by all
 * cases, Gaussian noise standard deviation in HU, and how many of the last cases are stored
 * already windowed to 0..255 (lung window [-1250, 250], as the radiopaedia cases of the real data).
 *
 * <p><b>Slice counts of the real data.</b> {@code slices = [min, max]} (null: every case has
 * {@code shape}'s z) gives each case its own number of slices, as COVID-19-CT-Seg's 39..301, and
 * {@code shape}'s z must then be {@code max}. The counts are spread evenly over the range, both ends
 * included, and dealt to the cases in a seeded order ({@link #caseShape}); when some cases are
 * windowed and some are not, the windowed (radiopaedia-like) cases take the lower half of the range
 * (few, thick slices) and the HU (coronacases-like) cases the upper half. The generator then gives
 * such a case a real CT spacing: in-plane 0.61..0.80 mm, and a slice thickness that covers a chest
 * of 240..320 mm with its slices, limited to 1..5 mm.
 */
public record PhantomSpec(int cases, long seed, int[] shape, double noiseHu, int windowedCases,
    int[] slices) {
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
    if (slices != null) {
      if (slices.length != 2 || slices[0] < 4 || slices[1] < slices[0]) {
        throw new IllegalArgumentException(
            "slices must be [min, max] with 4 <= min <= max, got " + Arrays.toString(slices));
      }
      if (slices[1] != shape[2]) {
        throw new IllegalArgumentException("slices " + Arrays.toString(slices)
            + " must end at shape's z (" + shape[2] + "), the largest case");
      }
      slices = slices.clone();
    }
    shape = shape.clone();
  }

  /** The same spec without per-case slice counts (every case {@code shape}). */
  public PhantomSpec(int cases, long seed, int[] shape, double noiseHu, int windowedCases) {
    this(cases, seed, shape, noiseHu, windowedCases, null);
  }

  /** {@code cases} cases of the default shape and noise, none windowed. */
  public static PhantomSpec of(int cases, long seed) {
    return new PhantomSpec(cases, seed, DEFAULT_SHAPE, DEFAULT_NOISE_HU, 0);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** [min, max] slices per case, or null when every case has {@code shape}'s z. */
  @Override
  public int[] slices() {
    return slices == null ? null : slices.clone();
  }

  public PhantomSpec withShape(int[] newShape) {
    return new PhantomSpec(cases, seed, newShape, noiseHu, windowedCases, slices);
  }

  public PhantomSpec withWindowedCases(int n) {
    return new PhantomSpec(cases, seed, shape, noiseHu, n, slices);
  }

  public PhantomSpec withNoiseHu(double sd) {
    return new PhantomSpec(cases, seed, shape, sd, windowedCases, slices);
  }

  /** Per-case slice counts in {@code [min, max]}; {@code shape}'s z becomes {@code max}. */
  public PhantomSpec withSlices(int min, int max) {
    return new PhantomSpec(cases, seed, new int[] {shape[0], shape[1], max}, noiseHu, windowedCases,
        new int[] {min, max});
  }

  /** Whether case {@code index} (0-based) is stored windowed to 0..255: the last {@code windowedCases}. */
  public boolean isWindowed(int index) {
    return index >= cases - windowedCases;
  }

  /**
   * The grid (x, y, z) of case {@code index}: {@code shape}, or with {@link #slices} its own slice
   * count (spread evenly over its group's range, dealt in a seeded order; see the class comment).
   */
  public int[] caseShape(int index) {
    if (index < 0 || index >= cases) {
      throw new IllegalArgumentException("index must be in 0.." + (cases - 1) + ", got " + index);
    }
    if (slices == null) {
      return shape();
    }
    int huCases = cases - windowedCases;
    boolean windowed = isWindowed(index);
    int lo = slices[0];
    int hi = slices[1];
    if (huCases > 0 && windowedCases > 0) {
      int mid = (lo + hi) / 2;
      if (windowed) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    int first = windowed ? huCases : 0;
    int n = windowed ? windowedCases : huCases;
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = i;
    }
    Random r = new Random(PhantomGenerator.mix(seed ^ SLICES_SALT, first));
    for (int i = n - 1; i > 0; i--) { // Fisher-Yates: which case gets which count
      int j = r.nextInt(i + 1);
      int t = rank[i];
      rank[i] = rank[j];
      rank[j] = t;
    }
    int k = rank[index - first];
    int z = n == 1 ? hi : lo + (int) Math.round((hi - lo) * (double) k / (n - 1));
    return new int[] {shape[0], shape[1], z};
  }

  /** Keeps the slice dealing's random stream apart from the cases' own. */
  private static final long SLICES_SALT = 0x51_1CE5_0F_C7L;

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
        && p.windowedCases == windowedCases && Arrays.equals(p.slices, slices);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new long[] {cases, seed, Arrays.hashCode(shape),
        Double.doubleToLongBits(noiseHu), windowedCases, Arrays.hashCode(slices)});
  }

  @Override
  public String toString() {
    return "PhantomSpec{cases=" + cases + ", seed=" + seed + ", shape=" + Arrays.toString(shape)
        + ", noiseHu=" + noiseHu + ", windowedCases=" + windowedCases
        + (slices == null ? "" : ", slices=" + Arrays.toString(slices)) + "}";
  }
}
