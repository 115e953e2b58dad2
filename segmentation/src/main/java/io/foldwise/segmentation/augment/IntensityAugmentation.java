package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.patch.Patch;
import java.util.random.RandomGenerator;

/**
 * An intensity augmentation applied with a probability, its strength drawn from a range: the
 * gate is drawn first, then {@link #transform} draws the strength (and any noise) from the same
 * generator. Labels are untouched.
 */
abstract class IntensityAugmentation implements PatchAugmentation {
  private final String label;
  private final double probability;
  final Range range;

  IntensityAugmentation(String label, double probability, Range range) {
    this.label = label;
    this.probability = probability;
    this.range = range;
  }

  @Override
  public final Patch apply(Patch patch, RandomGenerator rng) {
    if (!(rng.nextDouble() < probability)) {
      return patch;
    }
    return new Patch(patch.shape(), transform(patch.image(), rng), patch.label());
  }

  /** The augmented copy of {@code image}; draws its strength from {@link #range} with {@code rng}. */
  abstract float[] transform(float[] image, RandomGenerator rng);

  @Override
  public String name() {
    return label + "(" + range + ", p " + probability + ")";
  }
}
