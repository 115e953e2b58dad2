package io.foldwise.segmentation.patch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {
  @Test
  void originsStepByPatchMinusOverlapAndEndFlush() {
    assertArrayEquals(new int[] {0, 2, 4, 6}, SlidingWindow.starts(10, 4, 2));
    assertArrayEquals(new int[] {0, 3, 6}, SlidingWindow.starts(10, 4, 3));
    // MIScnn grid: 226 voxels, patch 160, overlap 80 -> 0, 66 (flush)
    assertArrayEquals(new int[] {0, 66}, SlidingWindow.starts(226, 160, 80));
    // 111 slices, patch 80, overlap 30 -> 0, 31 (flush)
    assertArrayEquals(new int[] {0, 31}, SlidingWindow.starts(111, 80, 50));
    assertArrayEquals(new int[] {0}, SlidingWindow.starts(80, 80, 50));
    assertArrayEquals(new int[] {0}, SlidingWindow.starts(5, 80, 50));
  }

  @Test
  void gridIsXFastest() {
    List<int[]> grid = SlidingWindow.grid(new int[] {6, 5, 4}, new int[] {4, 4, 4}, new int[] {2, 2, 0});
    assertEquals(2 * 2, grid.size());
    assertArrayEquals(new int[] {0, 0, 0}, grid.get(0));
    assertArrayEquals(new int[] {2, 0, 0}, grid.get(1));
    assertArrayEquals(new int[] {0, 1, 0}, grid.get(2));
    assertArrayEquals(new int[] {2, 1, 0}, grid.get(3));
  }

  @ParameterizedTest
  @CsvSource({"37,23,11, 16,16,8, 8,8,3", "16,16,8, 16,16,8, 0,0,0", "10,7,3, 16,16,8, 8,8,3",
      "33,17,9, 8,8,4, 0,7,3"})
  void everyVoxelIsCovered(int vx, int vy, int vz, int px, int py, int pz, int ox, int oy, int oz) {
    int[] volume = {vx, vy, vz};
    int[] patch = {px, py, pz};
    for (boolean gaussian : new boolean[] {false, true}) {
      ProbabilityStitcher st = new ProbabilityStitcher(volume, 2, patch, gaussian);
      float[] p = new float[2 * px * py * pz];
      for (int[] origin : SlidingWindow.grid(volume, patch, new int[] {ox, oy, oz})) {
        for (int a = 0; a < 3; a++) {
          assertTrue(origin[a] >= 0, "origin inside");
          assertTrue(origin[a] + patch[a] <= volume[a] || origin[a] == 0, "window inside or padded");
        }
        st.add(origin, p);
      }
      float[] w = st.weightSum();
      for (int i = 0; i < w.length; i++) {
        assertTrue(w[i] > 0, "voxel " + i + " uncovered");
      }
    }
  }

  @Test
  void badOverlapIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SlidingWindow.grid(new int[] {200, 200, 100}, new int[] {160, 160, 80}, new int[] {80, 80, 80}));
    assertEquals("overlap must be >= 0 and < patch size on axis 2, got 80", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SlidingWindow.grid(new int[] {200, 200, 100}, new int[] {160, 160, 80}, new int[] {-1, 80, 30}));
    assertEquals("overlap must be >= 0 and < patch size on axis 0, got -1", e.getMessage());
  }
}
