package io.foldwise.segmentation.transform.spatial;

import java.util.Locale;

/** How intensities are interpolated between voxel centres. */
public enum Interpolation {
  /** Trilinear (order 1). */
  LINEAR,
  /**
   * Tricubic convolution (Keys, a = -0.5; Catmull-Rom): interpolating, reproduces linear and
   * quadratic ramps exactly, needs no prefilter. scipy's order 3 is a B-spline; both are smooth
   * cubic interpolants and differ by a small fraction of the local intensity range.
   */
  CUBIC;

  /** Parses {@code "linear"} or {@code "cubic"} (case-insensitive). */
  public static Interpolation parse(String name) {
    String key = name == null ? "null" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "linear" -> LINEAR;
      case "cubic" -> CUBIC;
      default -> throw new IllegalArgumentException(
          "image interpolation must be linear or cubic, got " + name);
    };
  }
}
