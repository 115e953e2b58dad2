package io.foldwise.segmentation.metrics;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.LabelVolume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Per-class segmentation metrics of a predicted label map against the ground truth.
 *
 * <p>Overlap metrics from the voxel counts TP, FP, FN, TN of each class: Dice = 2TP/(2TP+FP+FN),
 * IoU = TP/(TP+FP+FN), sensitivity = TP/(TP+FN), specificity = TN/(TN+FP), precision = TP/(TP+FP),
 * accuracy = (TP+TN)/N.
 *
 * <p>Surface metrics use the boundary voxels of each mask (mask voxels with a 6-neighbour outside
 * the mask or the image) and exact Euclidean distances in millimetres with the voxel spacing
 * ({@link DistanceTransform}). HD95 = max of the two directed 95th percentiles (linear
 * interpolation, as numpy) of the distances from each surface to the other (MONAI's definition).
 * NSD (normalized surface Dice) = (number of prediction surface voxels within the tolerance of the
 * truth surface + number of truth surface voxels within the tolerance of the prediction surface) /
 * (number of both surfaces' voxels).
 *
 * <p><b>Empty classes (the convention).</b> A ratio whose denominator is 0 is 1 when prediction and
 * truth agree for that class (both empty, or both the whole image) and 0 otherwise. So a class
 * absent from both gets Dice = IoU = sensitivity = precision = 1, NSD = 1 and HD95 = 0; a class
 * present in only one of them gets Dice = IoU = 0, NSD = 0 and HD95 = the image diagonal
 * (distance between the centres of opposite corner voxels, in mm), the largest distance the image
 * can hold, so HD95 stays finite and JSON-safe and an empty prediction is never rewarded.
 */
public final class SegmentationMetrics {
  private SegmentationMetrics() {}

  /** NSD tolerances of the COVID-19 benchmark: 1 mm background and lungs, 3 mm infection. */
  public static double[] covidTolerancesMm() {
    return new double[] {1, 1, 1, 3};
  }

  /**
   * Metrics of classes {@code 0..classes-1}; {@code nsdToleranceMm[c]} is the NSD tolerance of
   * class c. Prediction and truth must share shape and spacing; labels must be below
   * {@code classes}.
   */
  public static CaseMetrics compute(
      LabelVolume prediction, LabelVolume truth, int classes, double[] nsdToleranceMm) {
    Objects.requireNonNull(prediction, "prediction == null");
    Objects.requireNonNull(truth, "truth == null");
    Objects.requireNonNull(nsdToleranceMm, "nsdToleranceMm == null");
    if (classes < 2 || classes > 127) {
      throw new IllegalArgumentException("classes must be in 2..127, got " + classes);
    }
    if (nsdToleranceMm.length != classes) {
      throw new IllegalArgumentException("nsdToleranceMm needs one tolerance per class (" + classes
          + "), got " + Arrays.toString(nsdToleranceMm));
    }
    for (double t : nsdToleranceMm) {
      if (!(t >= 0) || Double.isInfinite(t)) {
        throw new IllegalArgumentException(
            "nsd tolerances must be finite and >= 0 mm, got " + Arrays.toString(nsdToleranceMm));
      }
    }
    Geometry g = truth.geometry();
    if (!Arrays.equals(prediction.geometry().shape(), g.shape())) {
      throw new IllegalArgumentException("prediction shape "
          + Arrays.toString(prediction.geometry().shape()) + " differs from truth shape "
          + Arrays.toString(g.shape()) + "; resample the prediction to the truth's grid first");
    }
    if (!prediction.geometry().matches(g, 1e-3)) {
      throw new IllegalArgumentException("prediction spacing "
          + Arrays.toString(prediction.geometry().spacing()) + " differs from truth spacing "
          + Arrays.toString(g.spacing()) + "; resample the prediction to the truth's grid first");
    }
    byte[] p = prediction.data();
    byte[] t = truth.data();
    long[] tp = new long[classes];
    long[] fp = new long[classes];
    long[] fn = new long[classes];
    for (int i = 0; i < p.length; i++) {
      int a = p[i];
      int b = t[i];
      if (a < 0 || a >= classes || b < 0 || b >= classes) {
        String which = (a < 0 || a >= classes) ? "prediction" : "truth";
        int label = (a < 0 || a >= classes) ? a : b;
        int x = i % g.nx();
        int y = (i / g.nx()) % g.ny();
        int z = i / (g.nx() * g.ny());
        throw new IllegalArgumentException(which + " label " + label + " at voxel (" + x + ", "
            + y + ", " + z + ") is outside 0.." + (classes - 1) + "; check the configured classes");
      }
      if (a == b) {
        tp[a]++;
      } else {
        fp[a]++;
        fn[b]++;
      }
    }
    long n = p.length;
    List<ClassMetrics> out = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      long tn = n - tp[c] - fp[c] - fn[c];
      boolean agree = fp[c] == 0 && fn[c] == 0;
      SurfaceDistances.Result s =
          SurfaceDistances.compute(p, t, (byte) c, g, nsdToleranceMm[c]);
      out.add(new ClassMetrics(
          c,
          tp[c] + fn[c],
          tp[c] + fp[c],
          tp[c],
          fp[c],
          fn[c],
          tn,
          ratio(2 * tp[c], 2 * tp[c] + fp[c] + fn[c], agree),
          ratio(tp[c], tp[c] + fp[c] + fn[c], agree),
          ratio(tp[c], tp[c] + fn[c], agree),
          ratio(tn, tn + fp[c], agree),
          ratio(tp[c], tp[c] + fp[c], agree),
          (double) (tp[c] + tn) / n,
          s.hd95Mm(),
          s.nsd(),
          nsdToleranceMm[c]));
    }
    return new CaseMetrics(out);
  }

  private static double ratio(long numerator, long denominator, boolean agree) {
    if (denominator == 0) {
      return agree ? 1.0 : 0.0;
    }
    return (double) numerator / denominator;
  }
}
