package io.foldwise.segmentation.transform.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Values computed once with scipy 1.17.1 (numpy 2) for the line a = [3, 1, 4, 1, 5, 9, 2, 6]:
 * {@code scipy.ndimage.zoom(a, m / 8, order=k, mode="nearest", grid_mode=True)} (what skimage
 * resize and so batchgenerators/MIScnn compute) and {@code map_coordinates(a, x, order=k,
 * mode="constant")} (batchgenerators' spatial augmentation). They pin our grid convention, the
 * B-spline prefilter and the boundary rules to scipy's.
 */
class ScipyReferenceTest {
  private static final float[] LINE = {3, 1, 4, 1, 5, 9, 2, 6};

  @Test
  void cubicZoomDownMatchesScipy() {
    float[] out = SeparableResize.resize(LINE, new int[] {8, 1, 1}, new int[] {5, 1, 1},
        Interpolation.CUBIC, 1);
    assertArrayEquals(new float[] {2.2036320647f, 3.9320521480f, 1.9841102389f, 8.5464734655f,
        4.4226014947f}, out, 1e-5f);
  }

  @Test
  void cubicZoomUpMatchesScipy() {
    float[] out = SeparableResize.resize(LINE, new int[] {8, 1, 1}, new int[] {16, 1, 1},
        Interpolation.CUBIC, 1);
    assertArrayEquals(new float[] {3.2976027371f, 2.3556814887f, 1.0455814648f, 1.6473778326f,
        3.5981964036f, 3.5704321808f, 1.6085079206f, 1.1490184443f, 3.3271469140f, 6.7866190420f,
        9.1922794235f, 7.5326303877f, 3.2631103919f, 2.1141094071f, 4.7240290090f, 6.5890569840f},
        out, 1e-5f);
  }

  @Test
  void linearZoomMatchesScipy() {
    float[] out = SeparableResize.resize(LINE, new int[] {8, 1, 1}, new int[] {5, 1, 1},
        Interpolation.LINEAR, 1);
    assertArrayEquals(new float[] {2.4f, 3.7f, 3.0f, 8.3f, 4.8f}, out, 1e-5f);
  }

  @Test
  void zoomAlongYAndZMatchesAlongX() {
    float[] y = SeparableResize.resize(LINE, new int[] {1, 8, 1}, new int[] {1, 5, 1},
        Interpolation.CUBIC, 1);
    float[] z = SeparableResize.resize(LINE, new int[] {1, 1, 8}, new int[] {1, 1, 5},
        Interpolation.CUBIC, 1);
    float[] x = SeparableResize.resize(LINE, new int[] {8, 1, 1}, new int[] {5, 1, 1},
        Interpolation.CUBIC, 1);
    assertArrayEquals(x, y);
    assertArrayEquals(x, z);
  }

  @Test
  void constantModeCubicMatchesScipyMapCoordinates() {
    PointSampler s = new PointSampler(LINE, new int[] {8, 1, 1}, Interpolation.CUBIC);
    assertEquals(2.5220972175, s.sample(0.3, 0, 0), 1e-6);
    assertEquals(2.5803847475, s.sample(1.5, 0, 0), 1e-6);
    assertEquals(5.0528296118, s.sample(6.7, 0, 0), 1e-6);
    assertEquals(0, s.sample(7.2, 0, 0));
    assertEquals(0, s.sample(-0.2, 0, 0));
  }

  @Test
  void constantMode3dMatchesScipyMapCoordinates() {
    // b[x, y, z] = 12x + 4y + z on shape (2, 3, 4), sampled at (0.5, 1.25, 2.75)
    float[] b = new float[24];
    for (int z = 0; z < 4; z++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 2; x++) {
          b[x + 2 * (y + 3 * z)] = 12 * x + 4 * y + z;
        }
      }
    }
    int[] shape = {2, 3, 4};
    assertEquals(14.36875, new PointSampler(b, shape, Interpolation.CUBIC).sample(0.5, 1.25, 2.75), 1e-5);
    assertEquals(13.75, new PointSampler(b, shape, Interpolation.LINEAR).sample(0.5, 1.25, 2.75), 1e-5);
  }

  @Test
  void gaussianFilterMatchesScipy() {
    // the line as an 8x1x1 volume: the y and z passes see zeros around it, as scipy does in 3D
    float[] line = GaussianSmoothing.smoothInPlace(LINE.clone(), new int[] {8, 1, 1}, 1.0);
    assertArrayEquals(new float[] {0.2641776727f, 0.3453839620f, 0.4061340370f, 0.4996794788f,
        0.7591422644f, 0.9040198707f, 0.7484117122f, 0.5388727228f}, line, 1e-6f);
    // an impulse at (2, 1, 1) of a 5x4x3 volume, sigma 0.8, along all three axes
    float[] impulse = new float[60];
    impulse[2 + 5 * (1 + 4 * 1)] = 1;
    float[] out = GaussianSmoothing.smoothInPlace(impulse, new int[] {5, 4, 3}, 0.8);
    assertEquals(0.12400996435522893, out[2 + 5 * (1 + 4 * 1)], 1e-7);
    assertEquals(0.0011420922874310973, out[0], 1e-8);
    assertEquals(0.00010960326881922926, out[4 + 5 * (3 + 4 * 2)], 1e-8);
    assertEquals(0.011900874919715455, out[1 + 5 * (2 + 4 * 0)], 1e-8);
  }

  @Test
  void mirrorIndexing() {
    assertEquals(1, PointSampler.mirror(-1, 8));
    assertEquals(6, PointSampler.mirror(8, 8));
    assertEquals(5, PointSampler.mirror(9, 8));
    assertEquals(0, PointSampler.mirror(5, 1));
    assertEquals(0, PointSampler.mirror(2, 2));
  }
}
