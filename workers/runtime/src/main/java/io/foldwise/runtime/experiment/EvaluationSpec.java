package io.foldwise.runtime.experiment;

import java.util.Arrays;

/**
 * Sliding-window prediction (overlap per axis, optional Gaussian weighting), surface-Dice tolerance
 * per class in mm, and how many validation cases get overlay PNGs.
 */
public record EvaluationSpec(int[] overlap, boolean gaussian, double[] nsdToleranceMm, int overlays) {
  public EvaluationSpec {
    overlap = overlap.clone();
    nsdToleranceMm = nsdToleranceMm.clone();
  }

  @Override
  public int[] overlap() {
    return overlap.clone();
  }

  @Override
  public double[] nsdToleranceMm() {
    return nsdToleranceMm.clone();
  }

  static EvaluationSpec read(ConfigNode node, int[] patch, int classes) {
    int[] overlap = node.ints("overlap", 3, 0, 1024);
    for (int axis = 0; axis < 3; axis++) {
      if (overlap[axis] >= patch[axis]) {
        throw node.error("overlap", "must be smaller than the patch on every axis, got "
            + Arrays.toString(overlap) + " for patch " + Arrays.toString(patch));
      }
    }
    boolean gaussian = node.bool("gaussian", false);
    double[] nsd = node.numbers("nsd_tolerance_mm", 0, 0, 1000);
    if (nsd.length != classes) {
      throw node.error("nsd_tolerance_mm", "must have one value per class (" + classes + "), got "
          + nsd.length);
    }
    int overlays = (int) node.integer("overlays", 0, 1000, 2);
    node.finish();
    return new EvaluationSpec(overlap, gaussian, nsd, overlays);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationSpec e && Arrays.equals(e.overlap, overlap) && e.gaussian == gaussian
        && Arrays.equals(e.nsdToleranceMm, nsdToleranceMm) && e.overlays == overlays;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(overlap) * 31 + Arrays.hashCode(nsdToleranceMm) + overlays;
  }
}
