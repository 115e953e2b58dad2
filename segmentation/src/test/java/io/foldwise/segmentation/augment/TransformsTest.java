package io.foldwise.segmentation.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.transform.intensity.ZScore;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private final Patch p = AugmenterTest.patch(12, 10, 6);

  @Test
  void mirrorTwiceIsTheIdentityAndOnceReversesTheAxis() {
    for (int axis = 0; axis < 3; axis++) {
      Patch once = Mirror.flip(p, axis);
      Patch twice = Mirror.flip(once, axis);
      assertArrayEquals(p.image(), twice.image());
      assertArrayEquals(p.label(), twice.label());
      assertNotEquals(p, once);
    }
    Patch fx = Mirror.flip(p, 0);
    assertEquals(p.image()[11 + 12 * (3 + 10 * 2)], fx.image()[12 * (3 + 10 * 2)]);
    Patch fz = Mirror.flip(p, 2);
    assertEquals(p.label()[4 + 12 * (3 + 10 * 5)], fz.label()[4 + 12 * 3]);
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void zeroRotationUnitScaleNoDisplacementIsTheIdentity(Interpolation interpolation) {
    Patch out = SpatialTransform.warp(p, null, SpatialTransform.rotation(0, 0, 0), 1, interpolation);
    assertArrayEquals(p.image(), out.image());
    assertArrayEquals(p.label(), out.label());
    float[][] zero = new float[3][p.voxelCount()];
    Patch still = SpatialTransform.warp(p, zero, SpatialTransform.rotation(0, 0, 0), 1, interpolation);
    assertArrayEquals(p.image(), still.image());
  }

  @Test
  void quarterTurnAboutZPermutesVoxels() {
    // square in x-y so the quarter turn maps the grid onto itself
    Patch sq = AugmenterTest.patch(9, 9, 3);
    Patch out = SpatialTransform.warp(sq, null, SpatialTransform.rotation(0, 0, Math.PI / 2), 1,
        Interpolation.CUBIC);
    // output (x, y) samples the centre + (row vector d) · Rz: d = (dx, dy) -> (dy, -dx)
    for (int z = 0; z < 3; z++) {
      for (int y = 0; y < 9; y++) {
        for (int x = 0; x < 9; x++) {
          int dx = x - 4;
          int dy = y - 4;
          int src = (4 + dy) + 9 * ((4 - dx) + 9 * z);
          int dst = x + 9 * (y + 9 * z);
          assertEquals(sq.image()[src], out.image()[dst], 1e-5);
          assertEquals(sq.label()[src], out.label()[dst]);
        }
      }
    }
  }

  @Test
  void scalingAboveOneZoomsOutAndFillsBordersWithZero() {
    Patch ones = new Patch(new int[] {8, 8, 8}, filled(512, 1f), filled(512, (byte) 2));
    Patch out = SpatialTransform.warp(ones, null, SpatialTransform.rotation(0, 0, 0), 1.5,
        Interpolation.LINEAR);
    assertEquals(0f, out.image()[0]);
    assertEquals(0, out.label()[0]);
    int centre = 4 + 8 * (4 + 8 * 4);
    assertEquals(1f, out.image()[centre], 1e-6);
    assertEquals(2, out.label()[centre]);
  }

  @Test
  void elasticFieldIsSmoothAndScaledByAlpha() {
    int[] shape = {24, 24, 12};
    float[][] small = SpatialTransform.elasticField(shape, 10, 3, new SplittableRandom(4));
    float[][] big = SpatialTransform.elasticField(shape, 100, 3, new SplittableRandom(4));
    assertEquals(small[1][100] * 10, big[1][100], 1e-3);
    // neighbours differ much less than the field's spread (smoothness)
    double[] ms = ZScore.meanAndSd(big[0]);
    double step = 0;
    for (int i = 0; i + 1 < big[0].length; i++) {
      step += Math.abs(big[0][i + 1] - big[0][i]);
    }
    step /= big[0].length;
    assertTrue(ms[1] > 0 && step < 0.5 * ms[1], "mean step " + step + " vs sd " + ms[1]);
  }

  @Test
  void labelsFollowTheImageThroughElasticRotationAndScaling() {
    // image = 100 x label, so after the same warp the two must still agree away from edges
    Patch src = AugmenterTest.patch(24, 20, 12);
    float[] image = new float[src.voxelCount()];
    for (int i = 0; i < image.length; i++) {
      image[i] = 100 * src.label()[i];
    }
    Patch blocky = new Patch(src.shape(), image, src.label());
    AugmentationConfig m = AugmentationConfig.miscnn();
    AugmentationConfig spatialOnly = new AugmentationConfig(List.of(), 0, 0, m.contrast(), 0,
        m.brightness(), 0, m.gamma(), 0, m.noiseVariance(), 1, Range.of(200, 200), Range.of(4, 4),
        1, 15, 1, m.scaling(), Interpolation.LINEAR);
    for (int seed = 0; seed < 3; seed++) {
      Patch out = new Augmenter(spatialOnly).apply(blocky, new SplittableRandom(seed));
      assertTrue(maxAbsDiff(blocky.image(), out.image()) > 50, "the warp moved something");
      int agree = 0;
      int unwarped = 0;
      for (int i = 0; i < image.length; i++) {
        agree += Math.round(out.image()[i] / 100f) == out.label()[i] ? 1 : 0;
        unwarped += Math.round(out.image()[i] / 100f) == blocky.label()[i] ? 1 : 0;
      }
      assertTrue(agree > 0.95 * image.length, "seed " + seed + ": " + agree + " of " + image.length);
      assertTrue(agree > unwarped + 0.05 * image.length,
          "warped labels match better (" + agree + ") than unwarped ones (" + unwarped + ")");
    }
  }

  @Test
  void gammaKeepsMeanAndSd() {
    float[] image = p.image();
    double[] before = ZScore.meanAndSd(image);
    for (double g : new double[] {0.7, 1.5}) {
      float[] out = Gamma.apply(image, g);
      double[] after = ZScore.meanAndSd(out);
      assertEquals(before[0], after[0], 1e-5);
      assertEquals(before[1], after[1], 1e-5);
      assertTrue(maxAbsDiff(image, out) > 1e-3, "gamma " + g + " changed something");
    }
    assertTrue(maxAbsDiff(image, Gamma.apply(image, 1.0)) < 1e-5);
  }

  @Test
  void contrastScalesAboutTheMeanWithinTheOriginalRange() {
    float[] image = {0, 1, 2, 3, 4};
    assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f, 3}, Contrast.apply(image, 0.5), 1e-6f);
    assertArrayEquals(new float[] {0, 0, 2, 4, 4}, Contrast.apply(image, 3), 1e-6f);
  }

  @Test
  void brightnessMultipliesAndNoiseHasTheDrawnSd() {
    Patch bright = new Brightness(1, Range.of(2, 2)).apply(p, new SplittableRandom(1));
    assertEquals(2 * p.image()[17], bright.image()[17], 1e-6);
    Patch flat = new Patch(new int[] {40, 40, 40}, new float[64000], null);
    Patch noisy = new GaussianNoise(1, Range.of(0.05, 0.05)).apply(flat, new SplittableRandom(1));
    double[] ms = ZScore.meanAndSd(noisy.image());
    assertEquals(0, ms[0], 0.002);
    assertEquals(0.05, ms[1], 0.002);
  }

  @Test
  void mirrorWithProbabilityOneFlipsEveryListedAxis() {
    Patch out = new Mirror(List.of(0, 2), 1).apply(p, new SplittableRandom(1));
    assertArrayEquals(Mirror.flip(Mirror.flip(p, 0), 2).image(), out.image());
  }

  private static float maxAbsDiff(float[] a, float[] b) {
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static byte[] filled(int n, byte v) {
    byte[] a = new byte[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
