package io.foldwise.segmentation.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.volume.Sample;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PhantomGeneratorTest {
  private static final double SD = PhantomSpec.DEFAULT_NOISE_HU;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void labelsAndIntensitiesAreConsistent(int index) {
    PhantomSpec spec = PhantomSpec.of(6, 99);
    PhantomGenerator.Generated g = PhantomGenerator.generate(spec, index);
    Sample s = g.sample();
    int nx = s.image().geometry().nx();
    float[] img = s.image().data();
    byte[] lab = s.label().data();
    long[] counts = new long[4];
    long leftAtHighX = 0;
    long rightAtLowX = 0;
    for (int i = 0; i < lab.length; i++) {
      assertEquals(Math.rint(img[i]), img[i], 0, "whole HU");
      counts[lab[i]]++;
      int x = i % nx;
      switch (lab[i]) {
        case 1 -> {
          assertTrue(Math.abs(img[i] - (-800)) <= 3 * SD + 1e-3, "left lung voxel " + img[i]);
          if (x >= nx / 2) leftAtHighX++;
        }
        case 2 -> {
          assertTrue(Math.abs(img[i] - (-800)) <= 3 * SD + 1e-3, "right lung voxel " + img[i]);
          if (x < nx / 2) rightAtLowX++;
        }
        case 3 -> assertTrue(img[i] >= -300 - 3 * SD - 1e-3 && img[i] <= 3 * SD + 1e-3,
            "infection voxel " + img[i]);
        default -> assertTrue(img[i] < -900 || img[i] > -200, "background voxel " + img[i]);
      }
    }
    // Left lung (label 1) lies at higher x (RAS+), right lung at lower x.
    assertEquals(counts[1], leftAtHighX);
    assertEquals(counts[2], rightAtLowX);
    for (int c = 0; c < 4; c++) {
      assertTrue(counts[c] > 0, "class " + c + " present");
    }
    assertArrayEquals(counts, g.description().classVoxels());
    // realistic frequencies: mostly background, a few per cent lungs, some infection
    double lungs = (double) (counts[1] + counts[2]) / lab.length;
    assertTrue(lungs > 0.05 && lungs < 0.4, "lung fraction " + lungs);
    double[] sp = s.image().geometry().spacing();
    assertTrue(sp[0] >= 0.6875 && sp[0] <= 0.8125 && sp[0] == sp[1], Arrays.toString(sp));
    assertTrue(sp[2] >= 1.5 && sp[2] <= 5.0, Arrays.toString(sp));
  }

  @Test
  void windowedCasesAreIntegersInZeroTo255() {
    PhantomSpec spec = PhantomSpec.of(2, 5).withWindowedCases(1);
    assertFalse(PhantomGenerator.generate(spec, 0).description().windowed());
    PhantomGenerator.Generated g = PhantomGenerator.generate(spec, 1);
    assertTrue(g.description().windowed());
    for (float v : g.sample().image().data()) {
      assertTrue(v >= 0 && v <= 255 && v == Math.rint(v), "windowed voxel " + v);
    }
    // air at -1000 HU maps to (−1000 + 1250) / 1500 * 255 = 42.5 → about 42
    assertEquals(43, PhantomGenerator.window(-1000 + 1), 0);
    assertEquals(0, PhantomGenerator.window(-2000), 0);
    assertEquals(255, PhantomGenerator.window(900), 0);
  }

  @Test
  void sameSeedSameVoxelsOtherSeedOthers() {
    PhantomSpec spec = PhantomSpec.of(2, 123);
    Sample a = PhantomGenerator.generate(spec, 1).sample();
    Sample b = PhantomGenerator.generate(spec, 1).sample();
    assertArrayEquals(a.image().data(), b.image().data());
    assertArrayEquals(a.label().data(), b.label().data());
    Sample c = PhantomGenerator.generate(PhantomSpec.of(2, 124), 1).sample();
    assertFalse(Arrays.equals(a.image().data(), c.image().data()));
    Sample d = PhantomGenerator.generate(spec, 0).sample();
    assertFalse(Arrays.equals(a.image().data(), d.image().data()));
  }

  @Test
  void specValidationMessages() {
    assertEquals("cases must be in 1..999, got 0",
        assertThrows(IllegalArgumentException.class, () -> PhantomSpec.of(0, 1)).getMessage());
    assertEquals("shape must be at least 16x16x4, got 8x48x16",
        assertThrows(IllegalArgumentException.class,
            () -> PhantomSpec.of(1, 1).withShape(new int[] {8, 48, 16})).getMessage());
    assertEquals("windowedCases must be in 0..2, got 3",
        assertThrows(IllegalArgumentException.class,
            () -> PhantomSpec.of(2, 1).withWindowedCases(3)).getMessage());
    assertEquals("shape must look like 48x48x16, got '48x48'",
        assertThrows(IllegalArgumentException.class,
            () -> PhantomSpec.parseShape("48x48")).getMessage());
    assertEquals("shape must look like 48x48x16, got '48xax16'",
        assertThrows(IllegalArgumentException.class,
            () -> PhantomSpec.parseShape("48xax16")).getMessage());
    assertArrayEquals(new int[] {64, 32, 8}, PhantomSpec.parseShape("64x32x8"));
    assertEquals("index must be in 0..1, got 2",
        assertThrows(IllegalArgumentException.class,
            () -> PhantomGenerator.generate(PhantomSpec.of(2, 1), 2)).getMessage());
  }
}
