package io.foldwise.segmentation.transform.spatial;

/**
 * Separable Gaussian filter of an x-fastest volume with zeros outside (scipy
 * {@code gaussian_filter(mode="constant", cval=0, truncate=4.0)}): kernel radius
 * round(4σ), weights normalised to sum 1. The y and z passes run over whole rows/planes at once
 * so the inner loops read contiguous memory.
 */
public final class GaussianSmoothing {
  private GaussianSmoothing() {}

  /** Smooths {@code data} in place and returns it. */
  public static float[] smoothInPlace(float[] data, int[] shape, double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
    }
    double[] kernel = kernel(sigma);
    int nx = shape[0];
    int ny = shape[1];
    int nz = shape[2];
    // x: one line at a time
    double[] line = new double[nx];
    double[] acc = new double[nx];
    for (int row = 0; row < ny * nz; row++) {
      int start = row * nx;
      for (int i = 0; i < nx; i++) {
        line[i] = data[start + i];
      }
      convolveLine(line, nx, kernel, acc);
      for (int i = 0; i < nx; i++) {
        data[start + i] = (float) acc[i];
      }
    }
    // y: per z plane, all x at once
    double[] planeIn = new double[nx * ny];
    double[] planeOut = new double[nx * ny];
    for (int z = 0; z < nz; z++) {
      int base = nx * ny * z;
      for (int i = 0; i < nx * ny; i++) {
        planeIn[i] = data[base + i];
      }
      convolve(planeIn, nx, ny, nx, kernel, planeOut);
      for (int i = 0; i < nx * ny; i++) {
        data[base + i] = (float) planeOut[i];
      }
    }
    // z: all x and y at once
    int plane = nx * ny;
    double[] volIn = new double[data.length];
    double[] volOut = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      volIn[i] = data[i];
    }
    convolve(volIn, plane, nz, plane, kernel, volOut);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) volOut[i];
    }
    return data;
  }

  /** The normalised kernel; index r is offset 0, the kernel is symmetric. */
  static double[] kernel(double sigma) {
    int radius = (int) (4.0 * sigma + 0.5);
    double[] half = new double[radius + 1];
    double sum = 0;
    for (int i = 0; i <= radius; i++) {
      half[i] = Math.exp(-0.5 * (i / sigma) * (i / sigma));
      sum += i == 0 ? half[i] : 2 * half[i];
    }
    for (int i = 0; i <= radius; i++) {
      half[i] /= sum;
    }
    return half;
  }

  /** Convolves one contiguous line with the symmetric kernel (zeros outside). */
  private static void convolveLine(double[] in, int n, double[] half, double[] out) {
    int radius = half.length - 1;
    for (int i = 0; i < n; i++) {
      double acc = half[0] * in[i];
      int both = Math.min(radius, Math.min(i, n - 1 - i));
      for (int k = 1; k <= both; k++) {
        acc += half[k] * (in[i - k] + in[i + k]);
      }
      for (int k = both + 1; k <= Math.min(radius, i); k++) {
        acc += half[k] * in[i - k];
      }
      for (int k = both + 1; k <= Math.min(radius, n - 1 - i); k++) {
        acc += half[k] * in[i + k];
      }
      out[i] = acc;
    }
  }

  /**
   * Convolves {@code n} rows of {@code width} contiguous values (row i at i·stride) with the
   * symmetric kernel {@code half} (zeros outside), writing to {@code out}.
   */
  private static void convolve(double[] in, int width, int n, int stride, double[] half,
      double[] out) {
    int radius = half.length - 1;
    for (int i = 0; i < n; i++) {
      int row = i * stride;
      double w0 = half[0];
      for (int w = 0; w < width; w++) {
        out[row + w] = w0 * in[row + w];
      }
      for (int k = 1; k <= radius; k++) {
        boolean lo = i - k >= 0;
        boolean hi = i + k < n;
        if (!lo && !hi) {
          break;
        }
        double wk = half[k];
        int a = (i - k) * stride;
        int b = (i + k) * stride;
        if (lo && hi) {
          for (int w = 0; w < width; w++) {
            out[row + w] += wk * (in[a + w] + in[b + w]);
          }
        } else if (lo) {
          for (int w = 0; w < width; w++) {
            out[row + w] += wk * in[a + w];
          }
        } else {
          for (int w = 0; w < width; w++) {
            out[row + w] += wk * in[b + w];
          }
        }
      }
    }
  }
}
