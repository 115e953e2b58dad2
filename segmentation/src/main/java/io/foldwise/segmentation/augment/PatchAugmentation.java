package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.patch.Patch;
import java.util.random.RandomGenerator;

/** One random augmentation of a patch; all randomness comes from the given generator. */
public interface PatchAugmentation {
  /** The augmented patch (new arrays when anything changed; the input is never modified). */
  Patch apply(Patch patch, RandomGenerator rng);

  String name();
}
