package io.foldwise.segmentation.transform.spatial;

/**
 * Interpolates an x-fastest volume at arbitrary (fractional) voxel coordinates like scipy
 * {@code map_coordinates(mode="constant", cval=0)}: points outside [0, n − 1] on any axis are 0;
 * inside, trilinear or cubic B-spline interpolation (scipy prefilters and reads coefficients with
 * the mirror rule in this mode, and so does this class). Not thread-safe (scratch weights): use
 * one per thread.
 */
public final class PointSampler {
  /** Tolerance for points a rounding error outside the volume (e.g. after an exact quarter turn). */
  private static final double EPS = 1e-6;
  private final float[] data;
  private final double[] coef;
  private final int nx;
  private final int ny;
  private final int nz;
  private final Interpolation interpolation;
  private final double[] wx = new double[4];
  private final double[] wy = new double[4];
  private final double[] wz = new double[4];

  public PointSampler(float[] data, int[] shape, Interpolation interpolation) {
    this.data = data;
    this.nx = shape[0];
    this.ny = shape[1];
    this.nz = shape[2];
    this.interpolation = interpolation;
    this.coef = interpolation == Interpolation.CUBIC ? coefficients(data, shape) : null;
  }

  public double sample(double x, double y, double z) {
    if (!(x >= -EPS && y >= -EPS && z >= -EPS && x <= nx - 1 + EPS && y <= ny - 1 + EPS
        && z <= nz - 1 + EPS)) {
      return 0;
    }
    x = Math.max(0, Math.min(nx - 1, x));
    y = Math.max(0, Math.min(ny - 1, y));
    z = Math.max(0, Math.min(nz - 1, z));
    return interpolation == Interpolation.CUBIC ? cubic(x, y, z) : linear(x, y, z);
  }

  private double linear(double x, double y, double z) {
    int x0 = (int) x;
    int y0 = (int) y;
    int z0 = (int) z;
    double tx = x - x0;
    double ty = y - y0;
    double tz = z - z0;
    int x1 = Math.min(x0 + 1, nx - 1);
    int y1 = Math.min(y0 + 1, ny - 1);
    int z1 = Math.min(z0 + 1, nz - 1);
    double c00 = lerp(at(x0, y0, z0), at(x1, y0, z0), tx);
    double c10 = lerp(at(x0, y1, z0), at(x1, y1, z0), tx);
    double c01 = lerp(at(x0, y0, z1), at(x1, y0, z1), tx);
    double c11 = lerp(at(x0, y1, z1), at(x1, y1, z1), tx);
    return lerp(lerp(c00, c10, ty), lerp(c01, c11, ty), tz);
  }

  private double at(int x, int y, int z) {
    return data[x + nx * (y + ny * z)];
  }

  private static double lerp(double a, double b, double t) {
    return a * (1 - t) + b * t;
  }

  private double cubic(double x, double y, double z) {
    int fx = (int) x;
    int fy = (int) y;
    int fz = (int) z;
    BSpline.weights(x - fx, wx, 0);
    BSpline.weights(y - fy, wy, 0);
    BSpline.weights(z - fz, wz, 0);
    // coefficient grid covers indices -1 .. n + 1, stored with offset 1: tap fx - 1 + q -> fx + q
    int cx = nx + 3;
    int cy = ny + 3;
    double acc = 0;
    for (int c = 0; c < 4; c++) {
      double accY = 0;
      for (int b = 0; b < 4; b++) {
        int row = cx * ((fy + b) + cy * (fz + c)) + fx;
        accY += wy[b] * (wx[0] * coef[row] + wx[1] * coef[row + 1] + wx[2] * coef[row + 2]
            + wx[3] * coef[row + 3]);
      }
      acc += wz[c] * accY;
    }
    return acc;
  }

  /**
   * Cubic B-spline coefficients (mirror boundary) on indices -1 .. n + 1 per axis, the ends
   * mirrored (c[-1] = c[1], c[n] = c[n - 2]); shape (nx + 3)(ny + 3)(nz + 3), x fastest.
   */
  static double[] coefficients(float[] data, int[] shape) {
    int nx = shape[0];
    int ny = shape[1];
    int nz = shape[2];
    int cx = nx + 3;
    int cy = ny + 3;
    int cz = nz + 3;
    int plane = cx * cy;
    double[] c = new double[cx * cy * cz];
    // x: each row in place, then its ends mirrored
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        int row = 1 + cx * ((y + 1) + cy * (z + 1));
        int src = nx * (y + ny * z);
        for (int x = 0; x < nx; x++) {
          c[row + x] = data[src + x];
        }
        BSpline.prefilter(c, row, nx, 1, 1);
        c[row - 1] = c[row + mirror(-1, nx)];
        c[row + nx] = c[row + mirror(nx, nx)];
        c[row + nx + 1] = c[row + mirror(nx + 1, nx)];
      }
    }
    // y: whole rows (all cx columns) at once per plane, then the end rows mirrored
    for (int z = 0; z < nz; z++) {
      int base = cx * cy * (z + 1);
      int first = base + cx;
      BSpline.prefilter(c, first, ny, cx, cx);
      for (int y : new int[] {-1, ny, ny + 1}) {
        System.arraycopy(c, first + cx * mirror(y, ny), c, first + cx * y, cx);
      }
    }
    // z: whole planes at once, then the end planes mirrored
    BSpline.prefilter(c, plane, nz, plane, plane);
    for (int z : new int[] {-1, nz, nz + 1}) {
      System.arraycopy(c, plane * (1 + mirror(z, nz)), c, plane * (1 + z), plane);
    }
    return c;
  }

  /** Whole-sample mirror of index i into 0 .. n − 1 (d c b | a b c d | c b a). */
  static int mirror(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int r = Math.floorMod(i, period);
    return r < n ? r : period - r;
  }

  /** The label of the nearest voxel centre (floor(v + 0.5)); 0 outside [0, n − 1] (scipy order 0, constant). */
  public static byte nearest(byte[] labels, int[] shape, double x, double y, double z) {
    if (!(x >= -EPS && y >= -EPS && z >= -EPS && x <= shape[0] - 1 + EPS
        && y <= shape[1] - 1 + EPS && z <= shape[2] - 1 + EPS)) {
      return 0;
    }
    int xi = Math.min(shape[0] - 1, Math.max(0, (int) Math.floor(x + 0.5)));
    int yi = Math.min(shape[1] - 1, Math.max(0, (int) Math.floor(y + 0.5)));
    int zi = Math.min(shape[2] - 1, Math.max(0, (int) Math.floor(z + 0.5)));
    return labels[xi + shape[0] * (yi + shape[1] * zi)];
  }
}
