package io.foldwise.segmentation.transform.spatial;

/**
 * Separable Gaussian filter of an x-fastest volume with zeros outside (scipy
 * {@code gaussian_filter(mode="constant", cval=0, truncate=4.0)}): kernel radius
 * round(4σ), weights normalised to sum 1.
 */
public final class GaussianSmoothing {
  private GaussianSmoothing() {}

  /** Smooths {@code data} in place (one scratch line per axis) and returns it. */
  public static float[] smoothInPlace(float[] data, int[] shape, double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
    }
    int radius = (int) (4.0 * sigma + 0.5);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = Math.exp(-0.5 * (i / sigma) * (i / sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    int nx = shape[0];
    int ny = shape[1];
    int nz = shape[2];
    for (int axis = 0; axis < 3; axis++) {
      int n = shape[axis];
      int stride = axis == 0 ? 1 : (axis == 1 ? nx : nx * ny);
      int lines = data.length / n;
      double[] line = new double[n];
      for (int l = 0; l < lines; l++) {
        int start = lineStart(l, axis, nx, ny);
        for (int i = 0; i < n; i++) {
          line[i] = data[start + i * stride];
        }
        for (int i = 0; i < n; i++) {
          double acc = 0;
          int lo = Math.max(-radius, -i);
          int hi = Math.min(radius, n - 1 - i);
          for (int k = lo; k <= hi; k++) {
            acc += kernel[k + radius] * line[i + k];
          }
          data[start + i * stride] = (float) acc;
        }
      }
    }
    return data;
  }

  /** Index of the first voxel of line {@code l} along {@code axis}. */
  private static int lineStart(int l, int axis, int nx, int ny) {
    switch (axis) {
      case 0:
        return l * nx;
      case 1: {
        int x = l % nx;
        int z = l / nx;
        return x + nx * ny * z;
      }
      default:
        return l;
    }
  }
}
