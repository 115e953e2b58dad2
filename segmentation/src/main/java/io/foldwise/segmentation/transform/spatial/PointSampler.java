package io.foldwise.segmentation.transform.spatial;

/**
 * Interpolates an x-fastest volume at arbitrary (fractional) voxel coordinates with value 0
 * outside the volume (scipy {@code map_coordinates(mode="constant", cval=0)}).
 */
public final class PointSampler {
  private final float[] data;
  private final int nx;
  private final int ny;
  private final int nz;
  private final Interpolation interpolation;
  private final int k;
  private final int first;
  private final double[] wx = new double[4];
  private final double[] wy = new double[4];
  private final double[] wz = new double[4];

  /** Not thread-safe: holds scratch weights; use one per thread. */
  public PointSampler(float[] data, int[] shape, Interpolation interpolation) {
    this.data = data;
    this.nx = shape[0];
    this.ny = shape[1];
    this.nz = shape[2];
    this.interpolation = interpolation;
    this.k = Kernels.taps(interpolation);
    this.first = Kernels.firstTap(interpolation);
  }

  public double sample(double x, double y, double z) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    double fz = Math.floor(z);
    int x0 = (int) fx + first;
    int y0 = (int) fy + first;
    int z0 = (int) fz + first;
    if (x0 + k <= 0 || y0 + k <= 0 || z0 + k <= 0 || x0 >= nx || y0 >= ny || z0 >= nz) {
      return 0;
    }
    Kernels.weights(interpolation, x - fx, wx, 0);
    Kernels.weights(interpolation, y - fy, wy, 0);
    Kernels.weights(interpolation, z - fz, wz, 0);
    double acc = 0;
    for (int c = 0; c < k; c++) {
      int zi = z0 + c;
      if (zi < 0 || zi >= nz) {
        continue;
      }
      double accY = 0;
      for (int b = 0; b < k; b++) {
        int yi = y0 + b;
        if (yi < 0 || yi >= ny) {
          continue;
        }
        int row = nx * (yi + ny * zi);
        double accX = 0;
        for (int a = 0; a < k; a++) {
          int xi = x0 + a;
          if (xi >= 0 && xi < nx) {
            accX += wx[a] * data[row + xi];
          }
        }
        accY += wy[b] * accX;
      }
      acc += wz[c] * accY;
    }
    return acc;
  }

  /** The label of the nearest voxel centre (floor(v + 0.5)), 0 outside the volume. */
  public static byte nearest(byte[] labels, int[] shape, double x, double y, double z) {
    int xi = (int) Math.floor(x + 0.5);
    int yi = (int) Math.floor(y + 0.5);
    int zi = (int) Math.floor(z + 0.5);
    if (xi < 0 || yi < 0 || zi < 0 || xi >= shape[0] || yi >= shape[1] || zi >= shape[2]) {
      return 0;
    }
    return labels[xi + shape[0] * (yi + shape[1] * zi)];
  }
}
