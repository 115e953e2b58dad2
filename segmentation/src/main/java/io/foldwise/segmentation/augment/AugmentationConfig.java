package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.transform.spatial.Interpolation;
import java.util.List;
import java.util.Objects;

/**
 * Which augmentations run on a training patch, with what probability and parameter ranges (the
 * MIScnn/batchgenerators set). Each {@code *Probability} is the chance per patch that the
 * transform runs at all; mirroring flips each listed axis independently with
 * {@code mirrorProbability} (batchgenerators: 0.5). Angles are in degrees, drawn per axis in
 * [-rotationDegrees, rotationDegrees]. Noise variance follows batchgenerators, which uses the
 * drawn "variance" as the standard deviation of the noise.
 */
public record AugmentationConfig(
    List<Integer> mirrorAxes, double mirrorProbability,
    double contrastProbability, Range contrast,
    double brightnessProbability, Range brightness,
    double gammaProbability, Range gamma,
    double noiseProbability, Range noiseVariance,
    double elasticProbability, Range elasticAlpha, Range elasticSigma,
    double rotationProbability, double rotationDegrees,
    double scalingProbability, Range scaling,
    Interpolation imageInterpolation) {

  public AugmentationConfig {
    Objects.requireNonNull(mirrorAxes, "mirrorAxes == null");
    mirrorAxes = List.copyOf(mirrorAxes);
    for (Integer axis : mirrorAxes) {
      if (axis < 0 || axis > 2) {
        throw new IllegalArgumentException("mirrorAxes must be 0, 1 or 2, got " + axis);
      }
    }
    probability("mirrorProbability", mirrorProbability);
    probability("contrastProbability", contrastProbability);
    probability("brightnessProbability", brightnessProbability);
    probability("gammaProbability", gammaProbability);
    probability("noiseProbability", noiseProbability);
    probability("elasticProbability", elasticProbability);
    probability("rotationProbability", rotationProbability);
    probability("scalingProbability", scalingProbability);
    positive("contrast", contrast, false);
    positive("brightness", brightness, true);
    positive("gamma", gamma, false);
    positive("noiseVariance", noiseVariance, true);
    positive("elasticAlpha", elasticAlpha, true);
    positive("elasticSigma", elasticSigma, false);
    positive("scaling", scaling, false);
    if (!(rotationDegrees >= 0 && rotationDegrees <= 180)) {
      throw new IllegalArgumentException(
          "rotationDegrees must be in [0, 180], got " + rotationDegrees);
    }
    Objects.requireNonNull(imageInterpolation, "imageInterpolation == null");
  }

  /**
   * MIScnn's COVID-19 settings: mirror axes 0, 1, 2 (0.5 each); p = 0.15 each for contrast
   * [0.3, 3], brightness ×[0.5, 2], gamma [0.7, 1.5], noise [0, 0.05], elastic alpha [0, 900]
   * sigma [9, 13], rotation ±15° per axis, scaling [0.85, 1.25]; cubic image interpolation.
   */
  public static AugmentationConfig miscnn() {
    return new AugmentationConfig(List.of(0, 1, 2), 0.5,
        0.15, Range.of(0.3, 3.0),
        0.15, Range.of(0.5, 2.0),
        0.15, Range.of(0.7, 1.5),
        0.15, Range.of(0.0, 0.05),
        0.15, Range.of(0.0, 900.0), Range.of(9.0, 13.0),
        0.15, 15.0,
        0.15, Range.of(0.85, 1.25),
        Interpolation.CUBIC);
  }

  /** No augmentation: every patch passes through unchanged. */
  public static AugmentationConfig none() {
    return new AugmentationConfig(List.of(), 0, 0, Range.of(1, 1), 0, Range.of(1, 1),
        0, Range.of(1, 1), 0, Range.of(0, 0), 0, Range.of(0, 0), Range.of(1, 1),
        0, 0, 0, Range.of(1, 1), Interpolation.CUBIC);
  }

  /** Parses an experiment's {@code augmentation} choice: {@code "miscnn"} or {@code "none"}. */
  public static AugmentationConfig named(String name) {
    return switch (name == null ? "null" : name) {
      case "miscnn" -> miscnn();
      case "none" -> none();
      default -> throw new IllegalArgumentException(
          "augmentation must be miscnn or none, got " + name);
    };
  }

  public AugmentationConfig withImageInterpolation(Interpolation interpolation) {
    return new AugmentationConfig(mirrorAxes, mirrorProbability, contrastProbability, contrast,
        brightnessProbability, brightness, gammaProbability, gamma, noiseProbability,
        noiseVariance, elasticProbability, elasticAlpha, elasticSigma, rotationProbability,
        rotationDegrees, scalingProbability, scaling, interpolation);
  }

  private static void probability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
    }
  }

  private static void positive(String name, Range range, boolean zeroAllowed) {
    Objects.requireNonNull(range, name + " == null");
    if (zeroAllowed ? range.min() < 0 : !(range.min() > 0)) {
      throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? ">= 0" : "> 0")
          + ", got " + range);
    }
  }
}
