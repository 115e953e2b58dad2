package io.foldwise.segmentation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.dataset.ClassNames;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.LabelVolume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {
  private static final double EPS = 1e-12;

  /** A 4x4x1 map whose rows (y) carry the given labels. */
  private static LabelVolume rows(double[] spacing, int... rowLabels) {
    byte[] data = new byte[16];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        data[x + 4 * y] = (byte) rowLabels[y];
      }
    }
    return new LabelVolume(Geometry.of(new int[] {4, 4, 1}, spacing), data);
  }

  @Test
  void handComputedOverlapAndSurfaceValues() {
    double[] spacing = {1, 2.5, 1};
    // truth: class 1 in rows 0-1; prediction: class 1 in rows 1-2. Class 0 the rest.
    LabelVolume truth = rows(spacing, 1, 1, 0, 0);
    LabelVolume pred = rows(spacing, 0, 1, 1, 0);
    CaseMetrics m = SegmentationMetrics.compute(pred, truth, 2, new double[] {1, 3});
    for (int c = 0; c < 2; c++) {
      ClassMetrics k = m.of(c);
      assertEquals(4, k.truePositives());
      assertEquals(4, k.falsePositives());
      assertEquals(4, k.falseNegatives());
      assertEquals(4, k.trueNegatives());
      assertEquals(0.5, k.dice(), EPS);
      assertEquals(1.0 / 3, k.iou(), EPS);
      assertEquals(0.5, k.sensitivity(), EPS);
      assertEquals(0.5, k.specificity(), EPS);
      assertEquals(0.5, k.precision(), EPS);
      assertEquals(0.5, k.accuracy(), EPS);
    }
    // Every mask voxel is on the surface (a one-slice image); rows are 2.5 mm apart.
    // Class 1: prediction row 1 touches the truth (0 mm), row 2 is one row away (2.5 mm), and
    // likewise the other way, so HD95 = 2.5 mm.
    assertEquals(2.5, m.of(1).hd95Mm(), EPS);
    // Class 0: prediction rows {0, 3}, truth rows {2, 3}: prediction row 0 is two rows (5 mm)
    // from the truth; half of the prediction surface is at 5 mm, so its 95th percentile is 5 mm.
    assertEquals(5.0, m.of(0).hd95Mm(), EPS);
    // Tolerance 1 mm: only the shared row counts (4 + 4 of 16 surface voxels); 3 mm: all of
    // class 1.
    assertEquals(0.5, m.of(0).nsd(), EPS);
    assertEquals(1.0, m.of(1).nsd(), EPS);
    assertEquals(3.0, m.of(1).nsdToleranceMm(), 0);
  }

  @Test
  void unevenCountsGiveDistinctRatios() {
    double[] spacing = {1, 1, 1};
    // truth class 1: rows 0-2 (12 voxels); prediction class 1: row 0 (4 voxels).
    CaseMetrics m = SegmentationMetrics.compute(rows(spacing, 1, 0, 0, 0),
        rows(spacing, 1, 1, 1, 0), 2, new double[] {1, 1});
    ClassMetrics k = m.of(1);
    assertEquals(2.0 * 4 / (2 * 4 + 0 + 8), k.dice(), EPS);
    assertEquals(4.0 / 12, k.iou(), EPS);
    assertEquals(4.0 / 12, k.sensitivity(), EPS);
    assertEquals(1.0, k.specificity(), EPS);
    assertEquals(1.0, k.precision(), EPS);
    assertEquals(8.0 / 16, k.accuracy(), EPS);
    assertEquals(12, k.truthVoxels());
    assertEquals(4, k.predictedVoxels());
  }

  @Test
  void emptyClassConvention() {
    double[] spacing = {1, 2.5, 1};
    LabelVolume truth = rows(spacing, 1, 1, 0, 0);
    LabelVolume pred = rows(spacing, 0, 0, 0, 0);
    CaseMetrics m = SegmentationMetrics.compute(pred, truth, 3, new double[] {1, 1, 1});
    // class 2 in neither: perfect agreement
    ClassMetrics none = m.of(2);
    assertEquals(1.0, none.dice(), 0);
    assertEquals(1.0, none.iou(), 0);
    assertEquals(1.0, none.sensitivity(), 0);
    assertEquals(1.0, none.precision(), 0);
    assertEquals(1.0, none.specificity(), 0);
    assertEquals(1.0, none.nsd(), 0);
    assertEquals(0.0, none.hd95Mm(), 0);
    // class 1 only in the truth: Dice 0, NSD 0, HD95 = image diagonal sqrt(3^2 + 7.5^2 + 0^2)
    ClassMetrics missed = m.of(1);
    assertEquals(0.0, missed.dice(), 0);
    assertEquals(0.0, missed.sensitivity(), 0);
    assertEquals(0.0, missed.precision(), 0);
    assertEquals(0.0, missed.nsd(), 0);
    assertEquals(Math.sqrt(9 + 56.25), missed.hd95Mm(), EPS);
    // and the other way round: predicted where the truth has nothing
    ClassMetrics spurious = SegmentationMetrics.compute(truth, pred, 3, new double[] {1, 1, 1}).of(1);
    assertEquals(0.0, spurious.dice(), 0);
    assertEquals(0.0, spurious.sensitivity(), 0);
    assertEquals(Math.sqrt(9 + 56.25), spurious.hd95Mm(), EPS);
  }

  @Test
  void sphereAgainstShiftedSphereMatchesBruteForceWithAnisotropicSpacing() {
    int[] shape = {24, 24, 12};
    double[] spacing = {0.8, 0.8, 2.5};
    LabelVolume truth = sphere(shape, spacing, 12, 12, 5, 6.0);
    LabelVolume pred = sphere(shape, spacing, 12, 12, 7, 6.0); // shifted 2 slices = 5 mm
    ClassMetrics m = SegmentationMetrics.compute(pred, truth, 2, new double[] {1, 2.5}).of(1);
    double[][] d = bruteSurfaceDistances(pred, truth, 1);
    double expected = Math.max(percentile95(d[0]), percentile95(d[1]));
    assertEquals(expected, m.hd95Mm(), 1e-9);
    // the farthest surface voxel is exactly the shift away; the 95th percentile is below it
    assertEquals(5.0, Math.max(max(d[0]), max(d[1])), 1e-9);
    assertTrue(m.hd95Mm() > 0 && m.hd95Mm() <= 5.0, "hd95 " + m.hd95Mm());
    long within = Arrays.stream(d[0]).filter(v -> v <= 2.5 + 1e-9).count()
        + Arrays.stream(d[1]).filter(v -> v <= 2.5 + 1e-9).count();
    assertEquals((double) within / (d[0].length + d[1].length), m.nsd(), 1e-12);
    assertTrue(m.nsd() > 0 && m.nsd() < 1, "nsd " + m.nsd());
  }

  @Test
  void identicalMasksArePerfect() {
    int[] shape = {16, 16, 8};
    double[] spacing = {0.7, 0.7, 3};
    LabelVolume a = sphere(shape, spacing, 8, 8, 4, 4.0);
    ClassMetrics m = SegmentationMetrics.compute(a, a, 2, new double[] {0, 0}).of(1);
    assertEquals(1.0, m.dice(), 0);
    assertEquals(0.0, m.hd95Mm(), 0);
    assertEquals(1.0, m.nsd(), 0);
  }

  @Test
  void flatKeysAndGroupMeans() {
    double[] spacing = {1, 1, 1};
    LabelVolume truth = rows(spacing, 1, 2, 3, 0);
    LabelVolume pred = rows(spacing, 1, 1, 3, 0);
    CaseMetrics m = SegmentationMetrics.compute(pred, truth, 4, SegmentationMetrics.covidTolerancesMm());
    Map<String, Double> flat = m.flat(ClassNames.covid(), Map.of("lungs", List.of("lung_L", "lung_R")));
    assertEquals(1.0, flat.get("dice_infection"), 0);
    assertEquals(2.0 / 3, flat.get("dice_lung_L"), EPS); // 2*4 / (8 + 4)
    assertEquals(0.0, flat.get("dice_lung_R"), 0);
    assertEquals(1.0 / 3, flat.get("dice_lungs"), EPS);
    assertEquals(1.0, flat.get("nsd_infection"), 0);
    assertEquals(8 * 4 + 8, flat.size());
    assertEquals("dice_background", flat.keySet().iterator().next());
    // no group is built in: without one there is no "lungs" key, and any classes can be grouped
    assertFalse(m.flat(ClassNames.covid(), Map.of()).containsKey("dice_lungs"));
    Map<String, Double> other = m.flat(ClassNames.covid(), Map.of("right_and_lesion", List.of("lung_R", "infection")));
    assertEquals(0.5, other.get("dice_right_and_lesion"), EPS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.flat(ClassNames.covid(), Map.of("lungs", List.of("lung_L", "lung_X"))));
    assertEquals("group 'lungs' lists 'lung_X', which is not one of the classes [background, lung_L, lung_R, infection]",
        e.getMessage());
  }

  @Test
  void caseMetricsRoundTripThroughJson() throws Exception {
    double[] spacing = {1, 2.5, 1};
    CaseMetrics m = SegmentationMetrics.compute(rows(spacing, 0, 1, 1, 3), rows(spacing, 1, 1, 0, 3),
        4, SegmentationMetrics.covidTolerancesMm());
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    String text = json.writeValueAsString(m);
    assertTrue(text.contains("\"hd95Mm\":2.5"), text);
    assertEquals(m, json.readValue(text, CaseMetrics.class));
  }

  @Test
  void badInputHasExactMessages() {
    double[] spacing = {1, 1, 1};
    LabelVolume a = rows(spacing, 0, 1, 0, 0);
    assertEquals("nsdToleranceMm needs one tolerance per class (2), got [1.0]",
        assertThrows(IllegalArgumentException.class,
            () -> SegmentationMetrics.compute(a, a, 2, new double[] {1})).getMessage());
    assertEquals("nsd tolerances must be finite and >= 0 mm, got [1.0, -1.0]",
        assertThrows(IllegalArgumentException.class,
            () -> SegmentationMetrics.compute(a, a, 2, new double[] {1, -1})).getMessage());
    assertEquals("classes must be in 2..127, got 1",
        assertThrows(IllegalArgumentException.class,
            () -> SegmentationMetrics.compute(a, a, 1, new double[] {1})).getMessage());
    LabelVolume other = new LabelVolume(Geometry.of(new int[] {4, 2, 2}, spacing), new byte[16]);
    assertEquals("prediction shape [4, 2, 2] differs from truth shape [4, 4, 1]; resample the "
            + "prediction to the truth's grid first",
        assertThrows(IllegalArgumentException.class,
            () -> SegmentationMetrics.compute(other, a, 2, new double[] {1, 1})).getMessage());
    LabelVolume spaced = rows(new double[] {1, 1, 2}, 0, 1, 0, 0);
    assertEquals("prediction spacing [1.0, 1.0, 2.0] differs from truth spacing [1.0, 1.0, 1.0]; "
            + "resample the prediction to the truth's grid first",
        assertThrows(IllegalArgumentException.class,
            () -> SegmentationMetrics.compute(spaced, a, 2, new double[] {1, 1})).getMessage());
    LabelVolume three = rows(spacing, 0, 0, 3, 0);
    assertEquals("truth label 3 at voxel (0, 2, 0) is outside 0..1; check the configured classes",
        assertThrows(IllegalArgumentException.class,
            () -> SegmentationMetrics.compute(a, three, 2, new double[] {1, 1})).getMessage());
  }

  static LabelVolume sphere(int[] shape, double[] sp, double cx, double cy, double cz, double rMm) {
    Geometry g = Geometry.of(shape, sp);
    byte[] data = new byte[g.voxelCount()];
    for (int z = 0; z < shape[2]; z++) {
      for (int y = 0; y < shape[1]; y++) {
        for (int x = 0; x < shape[0]; x++) {
          double dx = (x - cx) * sp[0];
          double dy = (y - cy) * sp[1];
          double dz = (z - cz) * sp[2];
          if (dx * dx + dy * dy + dz * dz <= rMm * rMm) {
            data[g.index(x, y, z)] = 1;
          }
        }
      }
    }
    return new LabelVolume(g, data);
  }

  /** Directed distances pred surface → truth surface and truth → pred, by brute force. */
  static double[][] bruteSurfaceDistances(LabelVolume pred, LabelVolume truth, int label) {
    List<int[]> sp = surface(pred, label);
    List<int[]> st = surface(truth, label);
    double[] spacing = truth.geometry().spacing();
    return new double[][] {nearest(sp, st, spacing), nearest(st, sp, spacing)};
  }

  private static double[] nearest(List<int[]> from, List<int[]> to, double[] s) {
    double[] out = new double[from.size()];
    for (int i = 0; i < from.size(); i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int[] b : to) {
        double dx = (from.get(i)[0] - b[0]) * s[0];
        double dy = (from.get(i)[1] - b[1]) * s[1];
        double dz = (from.get(i)[2] - b[2]) * s[2];
        best = Math.min(best, dx * dx + dy * dy + dz * dz);
      }
      out[i] = Math.sqrt(best);
    }
    return out;
  }

  private static List<int[]> surface(LabelVolume v, int label) {
    int[] n = v.geometry().shape();
    List<int[]> out = new ArrayList<>();
    int[][] nb = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (int z = 0; z < n[2]; z++) {
      for (int y = 0; y < n[1]; y++) {
        for (int x = 0; x < n[0]; x++) {
          if (v.get(x, y, z) != label) continue;
          for (int[] d : nb) {
            int a = x + d[0];
            int b = y + d[1];
            int c = z + d[2];
            if (a < 0 || b < 0 || c < 0 || a >= n[0] || b >= n[1] || c >= n[2]
                || v.get(a, b, c) != label) {
              out.add(new int[] {x, y, z});
              break;
            }
          }
        }
      }
    }
    return out;
  }

  private static double percentile95(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    double pos = 0.95 * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (s[hi] - s[lo]) * (pos - lo);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }
}
