package io.foldwise.segmentation.transform.intensity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.Sample;
import org.junit.jupiter.api.Test;

class IntensityTransformsTest {
  @Test
  void clipLimitsToTheWindow() {
    float[] in = {-3000, -1250, -1000, 0, 250, 251, 3000};
    float[] out = new Clip(-1250, 250).apply(in);
    assertArrayEquals(new float[] {-1250, -1250, -1000, 0, 250, 250, 250}, out);
    assertEquals(-3000f, in[0], "input untouched");
  }

  @Test
  void clipRejectsAnEmptyWindow() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Clip(250, -1250));
    assertEquals("clip must be [min, max] with finite min < max, got [250.0, -1250.0]", e.getMessage());
  }

  @Test
  void grayscaleMapsMinToZeroAndMaxTo255() {
    float[] out = new GrayscaleNormalize().apply(new float[] {-1250, -500, 250});
    assertArrayEquals(new float[] {0f, 127.5f, 255f}, out, 1e-4f);
  }

  @Test
  void grayscaleOfAConstantVolumeIsZero() {
    assertArrayEquals(new float[3], new GrayscaleNormalize().apply(new float[] {7, 7, 7}));
  }

  @Test
  void grayscaleRejectsNaN() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GrayscaleNormalize().apply(new float[] {1, Float.NaN}));
    assertEquals("grayscale normalisation: the image contains NaN; fix or mask the input volume",
        e.getMessage());
  }

  @Test
  void zscoreGivesMeanZeroAndUnitSd() {
    // mean 5, population sd 2
    float[] out = new ZScore().apply(new float[] {3, 3, 7, 7});
    assertArrayEquals(new float[] {-1, -1, 1, 1}, out, 1e-6f);
  }

  @Test
  void zscoreOfAConstantVolumeIsZero() {
    assertArrayEquals(new float[4], new ZScore().apply(new float[] {2, 2, 2, 2}));
  }

  @Test
  void sampleTransformsKeepGeometryAndLabel() {
    Geometry g = Geometry.of(new int[] {2, 1, 1}, new double[] {1, 1, 1});
    Sample s = new Sample("case_1", new ImageVolume(g, new float[] {0, 10}), null);
    Sample out = new ZScore().apply(s);
    assertEquals(g, out.image().geometry());
    assertEquals("case_1", out.caseId());
    assertArrayEquals(new float[] {-1, 1}, out.image().data(), 1e-6f);
    assertArrayEquals(new float[] {0, 10}, s.image().data());
  }
}
