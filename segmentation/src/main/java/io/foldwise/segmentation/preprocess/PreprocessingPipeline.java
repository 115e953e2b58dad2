package io.foldwise.segmentation.preprocess;

import io.foldwise.segmentation.transform.SampleTransform;
import io.foldwise.segmentation.transform.intensity.Clip;
import io.foldwise.segmentation.transform.intensity.GrayscaleNormalize;
import io.foldwise.segmentation.transform.intensity.ZScore;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The preprocessing steps of a {@link PreprocessingConfig} in MIScnn's order: clip, grayscale
 * (optional), resample, z-score (optional). {@link #restore} maps a prediction on the
 * preprocessed grid back to the original one.
 */
public final class PreprocessingPipeline {
  private final PreprocessingConfig config;
  private final List<SampleTransform> steps;

  private PreprocessingPipeline(PreprocessingConfig config, List<SampleTransform> steps) {
    this.config = config;
    this.steps = List.copyOf(steps);
  }

  public static PreprocessingPipeline of(PreprocessingConfig config) {
    Objects.requireNonNull(config, "config == null");
    List<SampleTransform> steps = new ArrayList<>();
    steps.add(new Clip(config.clipMin(), config.clipMax()));
    if (config.grayscale()) {
      steps.add(new GrayscaleNormalize());
    }
    steps.add(new Resample(config.targetSpacing(), config.imageInterpolation(),
        config.labelInterpolation()));
    if (config.zscore()) {
      steps.add(new ZScore());
    }
    return new PreprocessingPipeline(config, steps);
  }

  /** Runs every step in order; a failure names the case and the step. */
  public Sample apply(Sample sample) {
    Objects.requireNonNull(sample, "sample == null");
    Sample current = sample;
    for (SampleTransform step : steps) {
      try {
        current = step.apply(current);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "preprocess " + sample.caseId() + ": " + step.name() + ": " + e.getMessage(), e);
      }
    }
    return current;
  }

  /** A label map on the preprocessed grid put back onto {@code original} (exact shape and affine). */
  public LabelVolume restore(LabelVolume prediction, Geometry original) {
    return Resampler.resampleTo(prediction, original, config.labelInterpolation());
  }

  public List<SampleTransform> steps() {
    return steps;
  }

  public PreprocessingConfig config() {
    return config;
  }
}
