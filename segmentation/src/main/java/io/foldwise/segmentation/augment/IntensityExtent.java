package io.foldwise.segmentation.augment;

/** The smallest and largest intensity of a patch (shared by the augmentations that keep the range). */
final class IntensityExtent {
  private IntensityExtent() {}

  /** {@code {min, max}} of {@code image}; {@code {+inf, -inf}} when it is empty. */
  static float[] of(float[] image) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : image) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return new float[] {min, max};
  }
}
