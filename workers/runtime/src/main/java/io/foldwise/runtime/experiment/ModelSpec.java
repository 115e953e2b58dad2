package io.foldwise.runtime.experiment;

import static io.foldwise.runtime.experiment.ExperimentSettings.BASE_FILTERS;
import static io.foldwise.runtime.experiment.ExperimentSettings.BN_MOMENTUM;
import static io.foldwise.runtime.experiment.ExperimentSettings.DEPTH;
import static io.foldwise.runtime.experiment.ExperimentSettings.PATCH;

import java.util.Arrays;

/** The network: MIScnn's standard 3D U-Net with configurable depth, filters and patch shape (x, y, z). */
public record ModelSpec(int depth, int baseFilters, int[] patch, double bnMomentum) {
  public ModelSpec {
    patch = patch.clone();
  }

  @Override
  public int[] patch() {
    return patch.clone();
  }

  /** The typed view of the declared model settings. */
  static ModelSpec of(SettingValues v) {
    return new ModelSpec(v.get(DEPTH), v.get(BASE_FILTERS), v.get(PATCH),
        v.get(BN_MOMENTUM));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelSpec m && m.depth == depth && m.baseFilters == baseFilters
        && Arrays.equals(m.patch, patch) && m.bnMomentum == bnMomentum;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(patch) * 31 + depth * 7 + baseFilters;
  }

  @Override
  public String toString() {
    return "ModelSpec{depth=" + depth + ", baseFilters=" + baseFilters + ", patch="
        + Arrays.toString(patch) + ", bnMomentum=" + bnMomentum + "}";
  }
}
