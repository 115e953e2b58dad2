package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.patch.Patch;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Applies an {@link AugmentationConfig} to training patches in MIScnn's order: mirror, contrast,
 * brightness, gamma, Gaussian noise, then one combined spatial pass (elastic, rotation, scaling).
 * Every random number comes from the caller's generator, in a fixed order, so the same seed gives
 * the same patch bit for bit. Stateless apart from its configuration; safe to share across
 * threads as long as each thread uses its own generator.
 */
public final class Augmenter {
  private final AugmentationConfig config;
  private final List<PatchAugmentation> steps;

  public Augmenter(AugmentationConfig config) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.steps = List.of(
        new Mirror(config.mirrorAxes(), config.mirrorProbability()),
        new Contrast(config.contrastProbability(), config.contrast()),
        new Brightness(config.brightnessProbability(), config.brightness()),
        new Gamma(config.gammaProbability(), config.gamma()),
        new GaussianNoise(config.noiseProbability(), config.noiseVariance()),
        new SpatialTransform(config));
  }

  public Patch apply(Patch patch, RandomGenerator rng) {
    Objects.requireNonNull(patch, "patch == null");
    Objects.requireNonNull(rng, "rng == null");
    Patch out = patch;
    for (PatchAugmentation step : steps) {
      out = step.apply(out, rng);
    }
    return out;
  }

  public List<PatchAugmentation> steps() {
    return steps;
  }

  public AugmentationConfig config() {
    return config;
  }
}
