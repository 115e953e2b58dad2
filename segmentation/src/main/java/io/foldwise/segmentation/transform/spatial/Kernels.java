package io.foldwise.segmentation.transform.spatial;

/** Interpolation weights for a fractional offset {@code t} in [0, 1) from the tap at floor(x). */
public final class Kernels {
  private Kernels() {}

  /** Taps per axis: 2 for linear (floor, floor+1), 4 for cubic (floor-1 .. floor+2). */
  public static int taps(Interpolation interpolation) {
    return interpolation == Interpolation.LINEAR ? 2 : 4;
  }

  /** Offset of the first tap from floor(x): 0 for linear, -1 for cubic. */
  public static int firstTap(Interpolation interpolation) {
    return interpolation == Interpolation.LINEAR ? 0 : -1;
  }

  /** Writes the {@link #taps} weights for offset {@code t} into {@code w} starting at {@code at}. */
  public static void weights(Interpolation interpolation, double t, double[] w, int at) {
    if (interpolation == Interpolation.LINEAR) {
      w[at] = 1 - t;
      w[at + 1] = t;
      return;
    }
    // Keys cubic convolution, a = -0.5 (Catmull-Rom); weights sum to 1 exactly in real arithmetic.
    double t2 = t * t;
    double t3 = t2 * t;
    w[at] = -0.5 * t3 + t2 - 0.5 * t;
    w[at + 1] = 1.5 * t3 - 2.5 * t2 + 1;
    w[at + 2] = -1.5 * t3 + 2 * t2 + 0.5 * t;
    w[at + 3] = 0.5 * t3 - 0.5 * t2;
  }
}
