package io.foldwise.segmentation.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IntensityHistogramTest {
  @Test
  void binsAreHalfOpenAndOutliersCountedApart() {
    IntensityHistogram h = new IntensityHistogram(0, 30, 10);
    h.add(new float[] {-0.5f, 0, 9.99f, 10, 29.9f, 30, 1000});
    h.add(new float[] {15});
    assertArrayEquals(new long[] {2, 2, 1}, h.counts());
    assertEquals(1, h.below());
    assertEquals(2, h.above());
    assertEquals(30, h.high(), 0);
  }

  @Test
  void defaultsCoverTheSeedWindow() {
    IntensityHistogram h = IntensityHistogram.defaults();
    assertEquals(-1250, h.low(), 0);
    assertEquals(1250, h.high(), 0);
    assertEquals(250, h.counts().length);
  }

  @Test
  void badRange() {
    assertEquals("histogram needs low < high and binWidth > 0, got 5.0, 5.0, 1.0",
        assertThrows(IllegalArgumentException.class, () -> new IntensityHistogram(5, 5, 1))
            .getMessage());
  }
}
