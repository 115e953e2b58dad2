package io.foldwise.runtime.experiment;

import io.foldwise.segmentation.preprocess.PreprocessingConfig;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;

/**
 * The experiment file's preprocessing section as the segmentation library's config (the preprocess stage,
 * evaluation and {@code ./foldwise predict} use the same one).
 */
public final class PreprocessingMapping {
  private PreprocessingMapping() {}

  public static PreprocessingConfig of(PreprocessingSpec p) {
    return new PreprocessingConfig(p.clipMin(), p.clipMax(), p.grayscale(), p.targetSpacing(),
        Interpolation.parse(p.imageInterpolation()), LabelInterpolation.parse(p.labelInterpolation()),
        p.zscore());
  }
}
