package io.foldwise.segmentation.preprocess;

import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;
import java.util.Arrays;
import java.util.Objects;

/**
 * The preprocessing of one experiment, in MIScnn's order: clip to [clipMin, clipMax]; when
 * {@code grayscale}, min-max normalise the clipped volume to 0..255; resample to
 * {@code targetSpacing} (mm, x y z); when {@code zscore}, standardise per volume.
 */
public record PreprocessingConfig(double clipMin, double clipMax, boolean grayscale,
    double[] targetSpacing, Interpolation imageInterpolation,
    LabelInterpolation labelInterpolation, boolean zscore) {

  public PreprocessingConfig {
    if (!Double.isFinite(clipMin) || !Double.isFinite(clipMax) || !(clipMin < clipMax)) {
      throw new IllegalArgumentException(
          "clip must be [min, max] with finite min < max, got [" + clipMin + ", " + clipMax + "]");
    }
    Objects.requireNonNull(targetSpacing, "targetSpacing == null");
    if (targetSpacing.length != 3) {
      throw new IllegalArgumentException(
          "targetSpacing must have 3 axes, got " + Arrays.toString(targetSpacing));
    }
    for (double d : targetSpacing) {
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(
            "targetSpacing must be positive and finite, got " + Arrays.toString(targetSpacing));
      }
    }
    targetSpacing = targetSpacing.clone();
    Objects.requireNonNull(imageInterpolation, "imageInterpolation == null");
    Objects.requireNonNull(labelInterpolation, "labelInterpolation == null");
  }

  /** The MIScnn COVID-19 seed: clip(-1250, 250), grayscale, (1.58, 1.58, 2.70) mm, cubic, linear_rounded, z-score. */
  public static PreprocessingConfig miscnn() {
    return new PreprocessingConfig(-1250, 250, true, new double[] {1.58, 1.58, 2.70},
        Interpolation.CUBIC, LabelInterpolation.LINEAR_ROUNDED, true);
  }

  /** Same as {@link #miscnn()}: the seed is the default. */
  public static PreprocessingConfig defaults() {
    return miscnn();
  }

  @Override
  public double[] targetSpacing() {
    return targetSpacing.clone();
  }

  public PreprocessingConfig withTargetSpacing(double[] spacing) {
    return new PreprocessingConfig(clipMin, clipMax, grayscale, spacing, imageInterpolation,
        labelInterpolation, zscore);
  }

  public PreprocessingConfig withImageInterpolation(Interpolation interpolation) {
    return new PreprocessingConfig(clipMin, clipMax, grayscale, targetSpacing, interpolation,
        labelInterpolation, zscore);
  }

  public PreprocessingConfig withLabelInterpolation(LabelInterpolation interpolation) {
    return new PreprocessingConfig(clipMin, clipMax, grayscale, targetSpacing, imageInterpolation,
        interpolation, zscore);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreprocessingConfig c
        && Double.compare(c.clipMin, clipMin) == 0 && Double.compare(c.clipMax, clipMax) == 0
        && c.grayscale == grayscale && Arrays.equals(c.targetSpacing, targetSpacing)
        && c.imageInterpolation == imageInterpolation
        && c.labelInterpolation == labelInterpolation && c.zscore == zscore;
  }

  @Override
  public int hashCode() {
    return Objects.hash(clipMin, clipMax, grayscale, Arrays.hashCode(targetSpacing),
        imageInterpolation, labelInterpolation, zscore);
  }

  @Override
  public String toString() {
    return "PreprocessingConfig{clip=[" + clipMin + ", " + clipMax + "], grayscale=" + grayscale
        + ", targetSpacing=" + Arrays.toString(targetSpacing) + ", image=" + imageInterpolation
        + ", label=" + labelInterpolation + ", zscore=" + zscore + "}";
  }
}
