package io.foldwise.segmentation.patch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProbabilityStitcherTest {
  /** A smooth 3-class probability field over the volume: p_c(x, y, z). */
  private static double field(int c, int x, int y, int z) {
    double a = 1 + Math.sin(0.3 * x) * 0.5;
    double b = 1 + Math.cos(0.2 * y + 0.1 * z) * 0.5;
    double d = 1.0;
    double sum = a + b + d;
    return (c == 0 ? a : c == 1 ? b : d) / sum;
  }

  @Test
  void overlappingWindowsOfTheSameFieldStitchToTheField() {
    int[] volume = {29, 21, 13};
    int[] patch = {12, 10, 6};
    for (boolean gaussian : new boolean[] {false, true}) {
      ProbabilityStitcher st = new ProbabilityStitcher(volume, 3, patch, gaussian);
      int pv = patch[0] * patch[1] * patch[2];
      for (int[] o : SlidingWindow.grid(volume, patch, new int[] {6, 5, 3})) {
        float[] p = new float[3 * pv];
        for (int c = 0; c < 3; c++) {
          for (int z = 0; z < patch[2]; z++) {
            for (int y = 0; y < patch[1]; y++) {
              for (int x = 0; x < patch[0]; x++) {
                p[c * pv + x + patch[0] * (y + patch[1] * z)] =
                    (float) field(c, o[0] + x, o[1] + y, o[2] + z);
              }
            }
          }
        }
        st.add(o, p);
      }
      float[] out = st.probabilities();
      byte[] arg = st.argmax();
      int n = volume[0] * volume[1] * volume[2];
      for (int z = 0; z < volume[2]; z++) {
        for (int y = 0; y < volume[1]; y++) {
          for (int x = 0; x < volume[0]; x++) {
            int i = x + volume[0] * (y + volume[1] * z);
            int best = 0;
            for (int c = 0; c < 3; c++) {
              assertEquals(field(c, x, y, z), out[c * n + i], 1e-5, "class " + c + " voxel " + i);
              if (field(c, x, y, z) > field(best, x, y, z)) {
                best = c;
              }
            }
            assertEquals(best, arg[i]);
          }
        }
      }
    }
  }

  @Test
  void plainAverageOfTwoDifferentWindows() {
    ProbabilityStitcher st = new ProbabilityStitcher(new int[] {3, 1, 1}, 2, new int[] {2, 1, 1}, false);
    st.add(new int[] {0, 0, 0}, new float[] {1, 1, 0, 0}); // class 0 at x 0..1
    st.add(new int[] {1, 0, 0}, new float[] {0, 0, 1, 1}); // class 1 at x 1..2
    assertArrayEquals(new float[] {1, 0.5f, 0, 0, 0.5f, 1}, st.probabilities());
    assertArrayEquals(new float[] {1, 2, 1}, st.weightSum());
    assertArrayEquals(new byte[] {0, 0, 1}, st.argmax()); // tie -> lowest class
  }

  @Test
  void windowsReachingPastTheBorderOnlyFillTheInside() {
    ProbabilityStitcher st = new ProbabilityStitcher(new int[] {2, 1, 1}, 1, new int[] {4, 2, 1}, false);
    float[] p = {1, 2, 3, 4, 5, 6, 7, 8};
    st.add(new int[] {0, 0, 0}, p);
    assertArrayEquals(new float[] {1, 2}, st.probabilities());
  }

  @Test
  void gaussianWeightsPeakInTheCentreAndHaveNoZeros() {
    float[] w = ProbabilityStitcher.gaussianWeights(new int[] {9, 9, 9});
    assertEquals(1f, w[4 + 9 * (4 + 9 * 4)]);
    for (float v : w) {
      assertEquals(true, v > 0 && v <= 1);
    }
    assertEquals(true, w[0] < 1e-3);
  }

  @Test
  void badInputIsNamed() {
    ProbabilityStitcher st = new ProbabilityStitcher(new int[] {4, 4, 4}, 4, new int[] {2, 2, 2}, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> st.add(new int[] {0, 0, 0}, new float[8]));
    assertEquals("probabilities has 8 values but 4 classes x patch [2, 2, 2] needs 32", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ProbabilityStitcher(new int[] {4, 4, 4}, 0, new int[] {2, 2, 2}, true));
    assertEquals("classes must be >= 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ProbabilityStitcher(new int[] {1024, 1024, 600}, 4, new int[] {2, 2, 2}, true));
    assertEquals("volume [1024, 1024, 600] with 4 classes needs more than one array holds; "
        + "predict on the resampled grid", e.getMessage());
  }
}
