package io.foldwise.runtime.experiment;

/**
 * The preprocessing pipeline, in MIScnn's order: clip, grayscale min-max normalisation to 0..255,
 * resampling to a target spacing, z-score per volume.
 */
public record PreprocessingSpec(double clipMin, double clipMax, boolean grayscale,
    double[] targetSpacing, String imageInterpolation, String labelInterpolation, boolean zscore) {
  public PreprocessingSpec {
    targetSpacing = targetSpacing.clone();
  }

  @Override
  public double[] targetSpacing() {
    return targetSpacing.clone();
  }

  /** The typed view of the declared preprocessing settings. */
  static PreprocessingSpec of(SettingValues v) {
    double[] clip = v.get(Settings.CLIP);
    return new PreprocessingSpec(clip[0], clip[1], v.get(Settings.GRAYSCALE), v.get(Settings.TARGET_SPACING),
        v.get(Settings.IMAGE_INTERPOLATION), v.get(Settings.LABEL_INTERPOLATION), v.get(Settings.ZSCORE));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreprocessingSpec p && p.clipMin == clipMin && p.clipMax == clipMax
        && p.grayscale == grayscale && java.util.Arrays.equals(p.targetSpacing, targetSpacing)
        && p.imageInterpolation.equals(imageInterpolation)
        && p.labelInterpolation.equals(labelInterpolation) && p.zscore == zscore;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(targetSpacing) + imageInterpolation.hashCode();
  }
}
