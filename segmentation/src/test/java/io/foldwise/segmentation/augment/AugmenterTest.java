package io.foldwise.segmentation.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmenterTest {
  /** A smooth image with a few label blobs (labels 0..3). */
  static Patch patch(int nx, int ny, int nz) {
    float[] image = new float[nx * ny * nz];
    byte[] label = new byte[image.length];
    for (int z = 0, i = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          image[i] = (float) (Math.sin(0.4 * x) + Math.cos(0.3 * y) + 0.1 * z);
          label[i] = (byte) (x < nx / 3 ? 1 : (x > 2 * nx / 3 ? 2 : (y < ny / 4 ? 3 : 0)));
        }
      }
    }
    return new Patch(new int[] {nx, ny, nz}, image, label);
  }

  /** MIScnn's ranges with every transform forced on. */
  static AugmentationConfig everything(Interpolation interpolation) {
    AugmentationConfig m = AugmentationConfig.miscnn();
    return new AugmentationConfig(m.mirrorAxes(), 0.5, 1, m.contrast(), 1, m.brightness(), 1,
        m.gamma(), 1, m.noiseVariance(), 1, m.elasticAlpha(), Range.of(3, 4), 1,
        m.rotationDegrees(), 1, m.scaling(), interpolation);
  }

  @Test
  void sameSeedGivesTheSamePatchBitForBit() {
    Patch p = patch(20, 18, 10);
    for (AugmentationConfig c : List.of(AugmentationConfig.miscnn(), everything(Interpolation.CUBIC),
        everything(Interpolation.LINEAR))) {
      Augmenter a = new Augmenter(c);
      Patch one = a.apply(p, new SplittableRandom(11));
      Patch two = a.apply(p, new SplittableRandom(11));
      assertArrayEquals(one.image(), two.image());
      assertArrayEquals(one.label(), two.label());
    }
    Augmenter all = new Augmenter(everything(Interpolation.CUBIC));
    assertFalse(Arrays.equals(all.apply(p, new SplittableRandom(11)).image(),
        all.apply(p, new SplittableRandom(12)).image()));
  }

  @Test
  void labelsOnlyTakeOriginalValuesAndInputIsUntouched() {
    Patch p = patch(20, 18, 10);
    float[] before = p.image().clone();
    byte[] labelsBefore = p.label().clone();
    Augmenter a = new Augmenter(everything(Interpolation.CUBIC));
    for (int seed = 0; seed < 5; seed++) {
      Patch out = a.apply(p, new SplittableRandom(seed));
      Set<Integer> labels = new HashSet<>();
      for (byte b : out.label()) {
        labels.add((int) b);
      }
      assertTrue(Set.of(0, 1, 2, 3).containsAll(labels), "labels " + labels);
      assertArrayEquals(p.shape(), out.shape());
    }
    assertArrayEquals(before, p.image());
    assertArrayEquals(labelsBefore, p.label());
  }

  @Test
  void noneLeavesThePatchAlone() {
    Patch p = patch(8, 8, 4);
    assertSame(p, new Augmenter(AugmentationConfig.none()).apply(p, new SplittableRandom(1)));
  }

  @Test
  void miscnnRunsEachTransformAboutFifteenPercentOfTheTime() {
    AugmentationConfig m = AugmentationConfig.miscnn();
    SplittableRandom rng = new SplittableRandom(2);
    Patch p = patch(6, 6, 4);
    Brightness b = new Brightness(m.brightnessProbability(), m.brightness());
    int changed = 0;
    for (int i = 0; i < 2000; i++) {
      changed += b.apply(p, rng) == p ? 0 : 1;
    }
    assertEquals(0.15, changed / 2000.0, 0.03);
  }

  @Test
  void configsAreValidatedWithTheValue() {
    AugmentationConfig m = AugmentationConfig.miscnn();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AugmentationConfig(m.mirrorAxes(), 0.5, 1.5, m.contrast(), 0.15, m.brightness(),
            0.15, m.gamma(), 0.15, m.noiseVariance(), 0.15, m.elasticAlpha(), m.elasticSigma(),
            0.15, 15, 0.15, m.scaling(), Interpolation.CUBIC));
    assertEquals("contrastProbability must be in [0, 1], got 1.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new AugmentationConfig(List.of(0, 3), 0.5, 0.15, m.contrast(), 0.15, m.brightness(),
            0.15, m.gamma(), 0.15, m.noiseVariance(), 0.15, m.elasticAlpha(), m.elasticSigma(),
            0.15, 15, 0.15, m.scaling(), Interpolation.CUBIC));
    assertEquals("mirrorAxes must be 0, 1 or 2, got 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new AugmentationConfig(m.mirrorAxes(), 0.5, 0.15, m.contrast(), 0.15, m.brightness(),
            0.15, Range.of(0, 1.5), 0.15, m.noiseVariance(), 0.15, m.elasticAlpha(),
            m.elasticSigma(), 0.15, 15, 0.15, m.scaling(), Interpolation.CUBIC));
    assertEquals("gamma must be > 0, got [0.0, 1.5]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Range.of(3.0, 0.3));
    assertEquals("range must be finite with min <= max, got [3.0, 0.3]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AugmentationConfig.named("heavy"));
    assertEquals("augmentation must be miscnn or none, got heavy", e.getMessage());
    assertEquals(m, AugmentationConfig.named("miscnn"));
  }
}
