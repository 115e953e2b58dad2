package io.foldwise.segmentation.metrics;

import java.util.stream.IntStream;

/**
 * Exact squared Euclidean distance transform with anisotropic spacing (Felzenszwalb and
 * Huttenlocher, "Distance transforms of sampled functions", 2012): three separable 1-D passes of the
 * lower envelope of parabolas, linear in the number of voxels.
 */
public final class DistanceTransform {
  /** About this many voxels per parallel task. */
  private static final int PARALLEL_GRAIN = 1 << 16;

  private DistanceTransform() {}

  /**
   * For every voxel of a grid of {@code shape} (x fastest), the squared distance in mm² to the
   * nearest voxel where {@code feature} is true; {@code +Infinity} everywhere when no voxel is a
   * feature.
   */
  public static double[] squared(boolean[] feature, int[] shape, double[] spacing) {
    int nx = shape[0];
    int ny = shape[1];
    int nz = shape[2];
    if (feature.length != nx * ny * nz) {
      throw new IllegalArgumentException(
          "feature has " + feature.length + " voxels, shape needs " + nx * ny * nz);
    }
    double[] d = new double[feature.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = feature[i] ? 0 : Double.POSITIVE_INFINITY;
    }
    int max = Math.max(nx, Math.max(ny, nz));
    int[] shape3 = {nx, ny, nz};
    pass(d, 0, shape3, spacing[0], max);
    pass(d, 1, shape3, spacing[1], max);
    pass(d, 2, shape3, spacing[2], max);
    return d;
  }

  /**
   * Transforms every line along {@code axis} in place. Lines are independent, so chunks of them
   * run on the common fork-join pool; the result does not depend on the scheduling.
   */
  private static void pass(double[] d, int axis, int[] shape, double w, int max) {
    int nx = shape[0];
    int ny = shape[1];
    int n = shape[axis];
    int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
    int lines = d.length / n;
    int chunk = Math.max(1, PARALLEL_GRAIN / n);
    int chunks = (lines + chunk - 1) / chunk;
    IntStream.range(0, chunks).parallel().forEach(c -> {
      Line line = new Line(max);
      int end = Math.min(lines, (c + 1) * chunk);
      for (int l = c * chunk; l < end; l++) {
        int start;
        if (axis == 0) {
          start = l * nx;
        } else if (axis == 1) {
          start = l % nx + nx * ny * (l / nx);
        } else {
          start = l;
        }
        for (int i = 0; i < n; i++) {
          line.f[i] = d[start + i * stride];
        }
        if (line.transform(n, w)) {
          for (int i = 0; i < n; i++) {
            d[start + i * stride] = line.out[i];
          }
        }
      }
    });
  }

  /** Work arrays for the 1-D transform, reused across lines. */
  private static final class Line {
    final double[] f;
    final double[] out;
    final int[] v;
    final double[] z;

    Line(int n) {
      f = new double[n];
      out = new double[n];
      v = new int[n];
      z = new double[n + 1];
    }

    /** 1-D transform of f[0..n) into out; false when the line has no finite value (unchanged). */
    boolean transform(int n, double w) {
      int first = -1;
      for (int q = 0; q < n; q++) {
        if (f[q] != Double.POSITIVE_INFINITY) {
          first = q;
          break;
        }
      }
      if (first < 0) {
        return false;
      }
      double w2 = w * w;
      int k = 0;
      v[0] = first;
      z[0] = Double.NEGATIVE_INFINITY;
      z[1] = Double.POSITIVE_INFINITY;
      for (int q = first + 1; q < n; q++) {
        if (f[q] == Double.POSITIVE_INFINITY) {
          continue;
        }
        double fq = f[q] + w2 * q * q;
        int p = v[k];
        double s = (fq - (f[p] + w2 * p * p)) / (2 * w2 * (q - p));
        // z[0] is -Infinity, so this stops at k = 0 at the latest.
        while (s <= z[k]) {
          k--;
          p = v[k];
          s = (fq - (f[p] + w2 * p * p)) / (2 * w2 * (q - p));
        }
        k++;
        v[k] = q;
        z[k] = s;
        z[k + 1] = Double.POSITIVE_INFINITY;
      }
      k = 0;
      for (int q = 0; q < n; q++) {
        while (z[k + 1] < q) {
          k++;
        }
        int p = v[k];
        double dq = q - p;
        out[q] = w2 * dq * dq + f[p];
      }
      return true;
    }
  }
}
