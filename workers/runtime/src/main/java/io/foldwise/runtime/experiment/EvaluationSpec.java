package io.foldwise.runtime.experiment;

import static io.foldwise.runtime.experiment.ExperimentSettings.GAUSSIAN;
import static io.foldwise.runtime.experiment.ExperimentSettings.GROUPS;
import static io.foldwise.runtime.experiment.ExperimentSettings.MIRROR;
import static io.foldwise.runtime.experiment.ExperimentSettings.MIRROR_SWAP;
import static io.foldwise.runtime.experiment.ExperimentSettings.NSD_TOLERANCE_MM;
import static io.foldwise.runtime.experiment.ExperimentSettings.OVERLAP;
import static io.foldwise.runtime.experiment.ExperimentSettings.OVERLAYS;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sliding-window prediction (overlap per axis, optional Gaussian weighting), surface-Dice tolerance
 * per class in mm, how many validation cases get overlay PNGs, and the derived class groups reported
 * beside the classes (e.g. {@code lungs: [lung_L, lung_R]}, the mean of its members' metrics), and
 * test-time mirroring: the axes mirrored ({@code x}, {@code y}, {@code z}) and the classes that trade places
 * when x is.
 */
public record EvaluationSpec(int[] overlap, boolean gaussian, double[] nsdToleranceMm, int overlays,
    Map<String, List<String>> groups, List<String> mirror, Map<String, String> mirrorSwap) {
  public EvaluationSpec {
    mirror = List.copyOf(mirror);
    mirrorSwap = Map.copyOf(mirrorSwap);
    overlap = overlap.clone();
    nsdToleranceMm = nsdToleranceMm.clone();
    Map<String, List<String>> copy = new LinkedHashMap<>();
    groups.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    groups = Collections.unmodifiableMap(copy);
  }

  @Override
  public int[] overlap() {
    return overlap.clone();
  }

  @Override
  public double[] nsdToleranceMm() {
    return nsdToleranceMm.clone();
  }

  /** The typed view of the declared evaluation settings. */
  static EvaluationSpec of(SettingValues v) {
    return new EvaluationSpec(v.get(OVERLAP), v.get(GAUSSIAN), v.get(NSD_TOLERANCE_MM),
        v.get(OVERLAYS), v.get(GROUPS), v.get(MIRROR), v.get(MIRROR_SWAP));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationSpec e && Arrays.equals(e.overlap, overlap) && e.gaussian == gaussian
        && Arrays.equals(e.nsdToleranceMm, nsdToleranceMm) && e.overlays == overlays
        && e.groups.equals(groups) && e.mirror.equals(mirror) && e.mirrorSwap.equals(mirrorSwap);
  }

  @Override
  public int hashCode() {
    return ((Arrays.hashCode(overlap) * 31 + Arrays.hashCode(nsdToleranceMm) + overlays) * 31 + groups.hashCode())
        * 31 + mirror.hashCode() * 7 + mirrorSwap.hashCode();
  }
}
