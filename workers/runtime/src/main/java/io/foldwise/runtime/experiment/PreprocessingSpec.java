package io.foldwise.runtime.experiment;

import static io.foldwise.runtime.experiment.ExperimentSettings.CLIP;
import static io.foldwise.runtime.experiment.ExperimentSettings.GRAYSCALE;
import static io.foldwise.runtime.experiment.ExperimentSettings.IMAGE_INTERPOLATION;
import static io.foldwise.runtime.experiment.ExperimentSettings.LABEL_INTERPOLATION;
import static io.foldwise.runtime.experiment.ExperimentSettings.TARGET_SPACING;
import static io.foldwise.runtime.experiment.ExperimentSettings.ZSCORE;

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
    double[] clip = v.get(CLIP);
    return new PreprocessingSpec(clip[0], clip[1], v.get(GRAYSCALE), v.get(TARGET_SPACING),
        v.get(IMAGE_INTERPOLATION), v.get(LABEL_INTERPOLATION), v.get(ZSCORE));
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
