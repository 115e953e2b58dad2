package io.foldwise.worker.preprocess;

import io.foldwise.runtime.experiment.PreprocessingSpec;
import io.foldwise.segmentation.preprocess.PreprocessingConfig;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;

/** The experiment file's preprocessing section as the segmentation library's config. */
final class PreprocessingMapping {
  private PreprocessingMapping() {}

  static PreprocessingConfig of(PreprocessingSpec p) {
    return new PreprocessingConfig(p.clipMin(), p.clipMax(), p.grayscale(), p.targetSpacing(),
        Interpolation.parse(p.imageInterpolation()), LabelInterpolation.parse(p.labelInterpolation()),
        p.zscore());
  }
}
