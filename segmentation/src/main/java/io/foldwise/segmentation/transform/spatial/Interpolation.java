package io.foldwise.segmentation.transform.spatial;

import java.util.Locale;

/** How intensities are interpolated between voxel centres. */
public enum Interpolation {
  /** Trilinear (order 1). */
  LINEAR,
  /**
   * Cubic B-spline interpolation with scipy's prefilter (scipy.ndimage order 3, which skimage
   * resize and batchgenerators use, so MIScnn's "cubic"); see {@code BSpline}.
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
