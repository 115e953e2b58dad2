package io.foldwise.segmentation.transform.spatial;

import java.util.Locale;

/** How label maps are resampled; both only ever produce labels that were in the input. */
public enum LabelInterpolation {
  /** The label of the nearest voxel centre (order 0). */
  NEAREST,
  /**
   * batchgenerators' {@code resize_segmentation(order=1)}, the MIScnn seed: for each label present
   * (ascending), its 0/1 indicator is resampled linearly and voxels where it reaches 0.5 take that
   * label (a later, higher label overwrites); voxels reached by none stay 0.
   */
  LINEAR_ROUNDED;

  /** Parses {@code "nearest"} or {@code "linear_rounded"} (case-insensitive). */
  public static LabelInterpolation parse(String name) {
    String key = name == null ? "null" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "nearest" -> NEAREST;
      case "linear_rounded" -> LINEAR_ROUNDED;
      default -> throw new IllegalArgumentException(
          "label interpolation must be nearest or linear_rounded, got " + name);
    };
  }
}
