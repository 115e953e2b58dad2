package io.foldwise.segmentation.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.transform.spatial.AxisMapping;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {
  private static final double[] SEED_SPACING = {1.58, 1.58, 2.70};

  @Test
  void newShapeIsFloorOfShapeTimesSpacingRatio() {
    Geometry g = Geometry.of(new int[] {512, 512, 301}, new double[] {0.68, 0.68, 1.0});
    // 512 * 0.68 / 1.58 = 220.35; 301 / 2.7 = 111.48
    assertArrayEquals(new int[] {220, 220, 111}, Resampler.targetShape(g, SEED_SPACING));
    Geometry tiny = Geometry.of(new int[] {2, 2, 1}, new double[] {0.5, 0.5, 0.5});
    assertArrayEquals(new int[] {1, 1, 1}, Resampler.targetShape(tiny, SEED_SPACING));
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void linearRampStaysALinearRamp(Interpolation interpolation) {
    int[] shape = {40, 36, 32};
    ImageVolume ramp = volume(shape, new double[] {1, 1, 1}, (x, y, z) -> 2 * x + 3 * y - z + 5);
    ImageVolume out = Resampler.resample(ramp, new double[] {1.5, 1.25, 2.0}, interpolation);
    int[] o = out.geometry().shape();
    assertArrayEquals(new int[] {26, 28, 16}, o);
    // linear: exact everywhere inside; cubic B-spline: exact in the interior, where the edge
    // padding's influence (decaying by |√3 − 2| ≈ 0.27 per voxel) has died out
    int margin = interpolation == Interpolation.CUBIC ? 8 : 0;
    int checked = 0;
    for (int z = 0; z < o[2]; z++) {
      for (int y = 0; y < o[1]; y++) {
        for (int x = 0; x < o[0]; x++) {
          double sx = AxisMapping.source(x, shape[0], o[0]);
          double sy = AxisMapping.source(y, shape[1], o[1]);
          double sz = AxisMapping.source(z, shape[2], o[2]);
          if (inside(sx, shape[0], margin) && inside(sy, shape[1], margin)
              && inside(sz, shape[2], margin)) {
            assertEquals(2 * sx + 3 * sy - sz + 5, out.get(x, y, z), 1e-3,
                "voxel " + x + "," + y + "," + z);
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 1000, "interior voxels checked: " + checked);
  }

  @Test
  void cubicReproducesAQuadraticExactlyAndLinearDoesNot() {
    int[] shape = {24, 4, 4};
    ImageVolume q = volume(shape, new double[] {1, 1, 1}, (x, y, z) -> x * x);
    ImageVolume cubic = Resampler.resample(q, new double[] {1.5, 1, 1}, Interpolation.CUBIC);
    ImageVolume linear = Resampler.resample(q, new double[] {1.5, 1, 1}, Interpolation.LINEAR);
    double sx = AxisMapping.source(7, 24, 16);
    assertEquals(sx * sx, cubic.get(7, 1, 1), 1e-3);
    assertTrue(Math.abs(linear.get(7, 1, 1) - sx * sx) > 0.05, "linear overshoots a parabola");
  }

  @Test
  void resampledGeometryRecordsAchievedSpacingAndExactCentres() {
    // flipped x, origin away from zero
    double[] affine = {-0.7, 0, 0, 100, 0, 0.7, 0, -50, 0, 0, 1.2, 30, 0, 0, 0, 1};
    Geometry g = Geometry.of(new int[] {30, 20, 10}, new double[] {0.7, 0.7, 1.2}, affine);
    ImageVolume out = Resampler.resample(new ImageVolume(g, new float[g.voxelCount()]),
        SEED_SPACING, Interpolation.LINEAR);
    Geometry r = out.geometry();
    assertArrayEquals(new int[] {13, 8, 4}, r.shape());
    assertArrayEquals(new double[] {0.7 * 30 / 13, 0.7 * 20 / 8, 1.2 * 10 / 4.0}, r.spacing(), 1e-12);
    // world position of new voxel (j) == world position of old coordinate source(j)
    int[] j = {12, 3, 2};
    double[] src = {AxisMapping.source(12, 30, 13), AxisMapping.source(3, 20, 8),
        AxisMapping.source(2, 10, 4)};
    assertArrayEquals(world(g.affine(), src), world(r.affine(), new double[] {j[0], j[1], j[2]}), 1e-9);
  }

  @ParameterizedTest
  @EnumSource(LabelInterpolation.class)
  void labelsStayWithinTheOriginalSetAndInverseRestoresTheShape(LabelInterpolation li) {
    Geometry g = Geometry.of(new int[] {40, 36, 21}, new double[] {0.7, 0.7, 1.0});
    byte[] labels = blobs(g);
    LabelVolume mask = new LabelVolume(g, labels);
    LabelVolume down = Resampler.resample(mask, SEED_SPACING, li);
    assertEquals(Set.of(0, 1, 2, 3), labelSet(down.data()));
    LabelVolume back = Resampler.resampleTo(down, g, li);
    assertEquals(g, back.geometry());
    assertEquals(Set.of(0, 1, 2, 3), labelSet(back.data()));
    int same = 0;
    for (int i = 0; i < labels.length; i++) {
      same += labels[i] == back.data()[i] ? 1 : 0;
    }
    assertTrue(same > 0.85 * labels.length, "round trip kept " + same + " of " + labels.length);
  }

  @Test
  void linearRoundedMatchesBatchgeneratorsOnASmallCase() {
    // 2 -> 4 along x: sample positions -0.25, 0.25, 0.75, 1.25 of indicator [0, 1]
    Geometry g = Geometry.of(new int[] {2, 1, 1}, new double[] {2, 1, 1});
    LabelVolume up = Resampler.resample(new LabelVolume(g, new byte[] {0, 1}),
        new double[] {1, 1, 1}, LabelInterpolation.LINEAR_ROUNDED);
    assertArrayEquals(new byte[] {0, 0, 1, 1}, up.data());
    // two labels: each voxel takes the label whose resampled indicator reaches 0.5
    Geometry g3 = Geometry.of(new int[] {3, 1, 1}, new double[] {1, 1, 1});
    LabelVolume down = Resampler.resample(new LabelVolume(g3, new byte[] {1, 2, 2}),
        new double[] {1.5, 1, 1}, LabelInterpolation.LINEAR_ROUNDED);
    // positions 0.25 (ind1 0.75, ind2 0.25) and 1.75 (ind2 1)
    assertArrayEquals(new byte[] {1, 2}, down.data());
  }

  @Test
  void sameBitsForAnyThreadCount() {
    Geometry g = Geometry.of(new int[] {37, 29, 23}, new double[] {0.7, 0.8, 1.1});
    SplittableRandom rng = new SplittableRandom(7);
    float[] data = new float[g.voxelCount()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (rng.nextDouble() * 2000 - 1000);
    }
    ImageVolume v = new ImageVolume(g, data);
    for (Interpolation in : Interpolation.values()) {
      float[] one = Resampler.resample(v, SEED_SPACING, in, 1).data();
      assertArrayEquals(one, Resampler.resample(v, SEED_SPACING, in, 2).data());
      assertArrayEquals(one, Resampler.resample(v, SEED_SPACING, in, 5).data());
    }
    LabelVolume mask = new LabelVolume(g, blobs(g));
    for (LabelInterpolation li : LabelInterpolation.values()) {
      assertArrayEquals(Resampler.resample(mask, SEED_SPACING, li, 1).data(),
          Resampler.resample(mask, SEED_SPACING, li, 3).data());
    }
  }

  @Test
  void sameSpacingIsTheIdentity() {
    Geometry g = Geometry.of(new int[] {5, 4, 3}, new double[] {1.58, 1.58, 2.7});
    float[] data = new float[g.voxelCount()];
    for (int i = 0; i < data.length; i++) {
      data[i] = i * 0.5f;
    }
    ImageVolume out = Resampler.resample(new ImageVolume(g, data), SEED_SPACING, Interpolation.CUBIC);
    assertArrayEquals(data, out.data());
    assertEquals(g, out.geometry());
    assertNotEquals(System.identityHashCode(data), System.identityHashCode(out.data()));
  }

  @Test
  void badTargetSpacingIsNamed() {
    Geometry g = Geometry.of(new int[] {2, 2, 2}, new double[] {1, 1, 1});
    ImageVolume v = new ImageVolume(g, new float[8]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Resampler.resample(v, new double[] {1, 0, 1}, Interpolation.LINEAR));
    assertEquals("targetSpacing must be positive and finite, got [1.0, 0.0, 1.0]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Resampler.resample(v, new double[] {1, 1}, Interpolation.LINEAR));
    assertEquals("targetSpacing must have 3 axes, got [1.0, 1.0]", e.getMessage());
  }

  interface Field {
    double at(int x, int y, int z);
  }

  static ImageVolume volume(int[] shape, double[] spacing, Field f) {
    Geometry g = Geometry.of(shape, spacing);
    float[] data = new float[g.voxelCount()];
    for (int z = 0; z < shape[2]; z++) {
      for (int y = 0; y < shape[1]; y++) {
        for (int x = 0; x < shape[0]; x++) {
          data[g.index(x, y, z)] = (float) f.at(x, y, z);
        }
      }
    }
    return new ImageVolume(g, data);
  }

  /** Background with two "lungs" (1, 2) and an "infection" (3) inside lung 2. */
  static byte[] blobs(Geometry g) {
    byte[] labels = new byte[g.voxelCount()];
    int nx = g.nx();
    for (int z = 0; z < g.nz(); z++) {
      for (int y = 0; y < g.ny(); y++) {
        for (int x = 0; x < nx; x++) {
          double dz = (z - g.nz() / 2.0) / g.nz();
          double dy = (y - g.ny() / 2.0) / g.ny();
          double l = Math.pow((x - 0.3 * nx) / (0.2 * nx), 2) + dy * dy * 6 + dz * dz * 4;
          double r = Math.pow((x - 0.7 * nx) / (0.2 * nx), 2) + dy * dy * 6 + dz * dz * 4;
          double inf = Math.pow((x - 0.72 * nx) / (0.08 * nx), 2) + dy * dy * 30 + dz * dz * 10;
          byte v = 0;
          if (l < 1) {
            v = 1;
          }
          if (r < 1) {
            v = 2;
          }
          if (inf < 1) {
            v = 3;
          }
          labels[g.index(x, y, z)] = v;
        }
      }
    }
    return labels;
  }

  static Set<Integer> labelSet(byte[] labels) {
    Set<Integer> set = new HashSet<>();
    for (byte b : labels) {
      set.add((int) b);
    }
    return set;
  }

  private static boolean inside(double s, int n, int margin) {
    return s >= margin && s <= n - 1 - margin;
  }

  private static double[] world(double[] a, double[] v) {
    double[] w = new double[3];
    for (int r = 0; r < 3; r++) {
      w[r] = a[r * 4] * v[0] + a[r * 4 + 1] * v[1] + a[r * 4 + 2] * v[2] + a[r * 4 + 3];
    }
    return w;
  }
}
