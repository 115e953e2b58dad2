package io.foldwise.segmentation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GeometryTest {
  @Test
  void indexIsXFastest() {
    Geometry g = Geometry.of(new int[] {4, 3, 2}, new double[] {1, 1, 2});
    assertEquals(0, g.index(0, 0, 0));
    assertEquals(1, g.index(1, 0, 0));
    assertEquals(4, g.index(0, 1, 0));
    assertEquals(12, g.index(0, 0, 1));
    assertEquals(24, g.voxelCount());
  }

  @Test
  void resampledGeometryScalesAffineColumns() {
    Geometry g = Geometry.of(new int[] {4, 4, 4}, new double[] {0.5, 0.5, 1.0});
    Geometry r = g.withShapeAndSpacing(new int[] {2, 2, 2}, new double[] {1.0, 1.0, 2.0});
    assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1}, r.affine());
  }

  @Test
  void rejectsBadShapeWithItsValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Geometry.of(new int[] {4, 0, 2}, new double[] {1, 1, 1}));
    assertEquals("shape must be positive, got [4, 0, 2]", e.getMessage());
  }

  @Test
  void sampleRefusesMismatchedMask() {
    ImageVolume img = new ImageVolume(Geometry.of(new int[] {2, 2, 2}, new double[] {1, 1, 1}), new float[8]);
    LabelVolume lbl = new LabelVolume(Geometry.of(new int[] {2, 2, 1}, new double[] {1, 1, 1}), new byte[4]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Sample("case_1", img, lbl));
    assertEquals(
        "case_1: image Geometry{shape=[2, 2, 2], spacing=[1.0, 1.0, 1.0]} and mask Geometry{shape=[2, 2, 1], "
            + "spacing=[1.0, 1.0, 1.0]} differ in shape or spacing; the mask must be on the image's grid",
        e.getMessage());
  }
}
