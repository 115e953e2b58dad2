package io.foldwise.segmentation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void matchesBruteForceWithAnisotropicSpacing(long seed) {
    Random r = new Random(seed);
    int[] shape = {5 + r.nextInt(6), 4 + r.nextInt(6), 3 + r.nextInt(6)};
    double[] spacing = {0.7, 1.3, 2.5};
    int n = shape[0] * shape[1] * shape[2];
    boolean[] feature = new boolean[n];
    double density = 0.02 + 0.2 * r.nextDouble();
    for (int i = 0; i < n; i++) {
      feature[i] = r.nextDouble() < density;
    }
    feature[r.nextInt(n)] = true;
    double[] d = DistanceTransform.squared(feature, shape, spacing);
    for (int i = 0; i < n; i++) {
      assertEquals(bruteForce(feature, shape, spacing, i), d[i], 1e-9, "voxel " + i);
    }
  }

  @Test
  void singlePointGivesExactSquaredDistances() {
    int[] shape = {3, 3, 3};
    boolean[] feature = new boolean[27];
    feature[0] = true;
    double[] d = DistanceTransform.squared(feature, shape, new double[] {1, 2, 3});
    // voxel (2, 2, 2): (2*1)^2 + (2*2)^2 + (2*3)^2 = 4 + 16 + 36
    assertEquals(56, d[26], 0);
    // voxel (1, 1, 0): (1*1)^2 + (1*2)^2
    assertEquals(5, d[1 + 3], 0);
  }

  @Test
  void noFeatureGivesInfinity() {
    double[] d = DistanceTransform.squared(new boolean[8], new int[] {2, 2, 2}, new double[] {1, 1, 1});
    for (double v : d) {
      assertTrue(Double.isInfinite(v));
    }
  }

  static double bruteForce(boolean[] feature, int[] shape, double[] sp, int i) {
    int nx = shape[0];
    int ny = shape[1];
    int x = i % nx;
    int y = (i / nx) % ny;
    int z = i / (nx * ny);
    double best = Double.POSITIVE_INFINITY;
    for (int j = 0; j < feature.length; j++) {
      if (!feature[j]) continue;
      double dx = (j % nx - x) * sp[0];
      double dy = ((j / nx) % ny - y) * sp[1];
      double dz = (j / (nx * ny) - z) * sp[2];
      best = Math.min(best, dx * dx + dy * dy + dz * dz);
    }
    return best;
  }
}
