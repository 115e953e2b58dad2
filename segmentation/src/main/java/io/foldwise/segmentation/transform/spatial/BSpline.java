package io.foldwise.segmentation.transform.spatial;

/**
 * Cubic B-spline interpolation as scipy.ndimage does it for order 3: the samples are first turned
 * into spline coefficients by a recursive prefilter (pole √3 − 2, mirror boundary), then a point
 * is the weighted sum of the 4 coefficients around it. Like scipy (≥ 1.6), a line is first padded
 * by {@link #PAD} samples (edge values for clamping, zeros for a constant-0 border) so the
 * boundary rule of the prefilter barely reaches the data.
 */
public final class BSpline {
  /** Padding scipy adds before prefiltering ({@code _prepad_for_spline_filter}, npad = 12). */
  public static final int PAD = 12;
  private static final double POLE = Math.sqrt(3) - 2;
  private static final double GAIN = (1 - POLE) * (1 - 1 / POLE);

  private BSpline() {}

  /** Turns {@code c[0..n)} from samples into cubic B-spline coefficients in place (mirror boundary). */
  public static void prefilter(double[] c, int n) {
    prefilter(c, 0, n, 1, 1);
  }

  /**
   * Prefilters {@code width} interleaved lines at once: sample i of line w is
   * {@code c[offset + i·stride + w]}. Each line gets exactly the arithmetic of a single-line call,
   * but the inner loops run over contiguous memory (used along y and z).
   */
  public static void prefilter(double[] c, int offset, int n, int stride, int width) {
    if (n == 1) {
      return;
    }
    double z = POLE;
    for (int i = 0; i < n; i++) {
      int row = offset + i * stride;
      for (int w = 0; w < width; w++) {
        c[row + w] *= GAIN;
      }
    }
    // causal initialisation for mirror-symmetric extension (scipy _init_causal_mirror)
    double zn1 = Math.pow(z, n - 1);
    int last = offset + (n - 1) * stride;
    double[] c0 = new double[width];
    for (int w = 0; w < width; w++) {
      c0[w] = c[offset + w] + zn1 * c[last + w];
    }
    double zi = z;
    for (int i = 1; i < n - 1; i++) {
      int a = offset + i * stride;
      int b = offset + (n - 1 - i) * stride;
      for (int w = 0; w < width; w++) {
        c0[w] += zi * (c[a + w] + zn1 * c[b + w]);
      }
      zi *= z;
      if (Math.abs(zi) < 1e-18) {
        break; // remaining terms are below double rounding of c0 (|z|^i < 1e-18)
      }
    }
    double norm = 1 - zn1 * zn1;
    for (int w = 0; w < width; w++) {
      c[offset + w] = c0[w] / norm;
    }
    for (int i = 1; i < n; i++) {
      int row = offset + i * stride;
      int prev = row - stride;
      for (int w = 0; w < width; w++) {
        c[row + w] += z * c[prev + w];
      }
    }
    // anti-causal initialisation (scipy _init_anticausal_mirror)
    double k = z / (z * z - 1);
    int beforeLast = last - stride;
    for (int w = 0; w < width; w++) {
      c[last + w] = k * (z * c[beforeLast + w] + c[last + w]);
    }
    for (int i = n - 2; i >= 0; i--) {
      int row = offset + i * stride;
      int next = row + stride;
      for (int w = 0; w < width; w++) {
        c[row + w] = z * (c[next + w] - c[row + w]);
      }
    }
  }

  /** The 4 weights for taps floor(x) − 1 .. floor(x) + 2 at fractional offset {@code t}. */
  public static void weights(double t, double[] w, int at) {
    double u = 1 - t;
    double t2 = t * t;
    double t3 = t2 * t;
    w[at] = u * u * u / 6;
    w[at + 1] = (4 - 6 * t2 + 3 * t3) / 6;
    w[at + 2] = (1 + 3 * t + 3 * t2 - 3 * t3) / 6;
    w[at + 3] = t3 / 6;
  }

  /**
   * Coefficients of one line of {@code n} samples (read from {@code src} at {@code offset} with
   * {@code stride}) padded by {@link #PAD} on both sides with the edge value ({@code edge}) or 0,
   * written to {@code out[0 .. n + 2·PAD)}; sample i has coefficient index i + PAD.
   */
  public static void paddedCoefficients(float[] src, int offset, int stride, int n, boolean edge,
      double[] out) {
    for (int i = 0; i < n; i++) {
      out[PAD + i] = src[offset + i * stride];
    }
    padAndPrefilter(n, edge, out);
  }

  /**
   * Pads the {@code n} samples already in {@code out[PAD .. PAD + n)} with {@link #PAD} edge
   * values (or zeros) per side and prefilters the padded line in place.
   */
  public static void padAndPrefilter(int n, boolean edge, double[] out) {
    double first = edge ? out[PAD] : 0;
    double last = edge ? out[PAD + n - 1] : 0;
    for (int i = 0; i < PAD; i++) {
      out[i] = first;
      out[PAD + n + i] = last;
    }
    prefilter(out, n + 2 * PAD);
  }

  /**
   * {@link #padAndPrefilter(int, boolean, double[])} for {@code width} interleaved lines: sample i
   * of line w sits at {@code c[(PAD + i)·width + w]}; rows 0 .. PAD and PAD + n .. n + 2·PAD are
   * filled with the lines' edge values.
   */
  public static void padAndPrefilterInterleaved(int n, int width, double[] c) {
    int firstRow = PAD * width;
    int lastRow = (PAD + n - 1) * width;
    for (int i = 0; i < PAD; i++) {
      System.arraycopy(c, firstRow, c, i * width, width);
      System.arraycopy(c, lastRow, c, (PAD + n + i) * width, width);
    }
    prefilter(c, 0, n + 2 * PAD, width, width);
  }
}
