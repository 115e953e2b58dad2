package io.foldwise.segmentation.metrics;

import io.foldwise.segmentation.volume.Geometry;
import java.util.Arrays;

/**
 * HD95 and NSD of one class (see {@link SegmentationMetrics} for the definitions). Works on the
 * bounding box of prediction ∪ truth of that class: every surface voxel lies inside it and the
 * voxels around it are background in both masks, so the cropped distances are exact.
 */
final class SurfaceDistances {
  record Result(double hd95Mm, double nsd) {}

  private SurfaceDistances() {}

  static Result compute(byte[] pred, byte[] truth, byte label, Geometry g, double toleranceMm) {
    int nx = g.nx();
    int ny = g.ny();
    int nz = g.nz();
    int[] lo = {nx, ny, nz};
    int[] hi = {-1, -1, -1};
    boolean anyPred = false;
    boolean anyTruth = false;
    int i = 0;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          boolean a = pred[i] == label;
          boolean b = truth[i] == label;
          if (a || b) {
            anyPred |= a;
            anyTruth |= b;
            if (x < lo[0]) lo[0] = x;
            if (x > hi[0]) hi[0] = x;
            if (y < lo[1]) lo[1] = y;
            if (y > hi[1]) hi[1] = y;
            if (z < lo[2]) lo[2] = z;
            if (z > hi[2]) hi[2] = z;
          }
        }
      }
    }
    if (!anyPred && !anyTruth) {
      return new Result(0, 1);
    }
    double[] sp = g.spacing();
    if (!anyPred || !anyTruth) {
      double diag = 0;
      for (int a = 0; a < 3; a++) {
        double e = (g.shape()[a] - 1) * sp[a];
        diag += e * e;
      }
      return new Result(Math.sqrt(diag), 0);
    }
    int bx = hi[0] - lo[0] + 1;
    int by = hi[1] - lo[1] + 1;
    int bz = hi[2] - lo[2] + 1;
    boolean[] mp = new boolean[bx * by * bz];
    boolean[] mt = new boolean[mp.length];
    int j = 0;
    for (int z = 0; z < bz; z++) {
      for (int y = 0; y < by; y++) {
        int src = g.index(lo[0], lo[1] + y, lo[2] + z);
        for (int x = 0; x < bx; x++, j++) {
          mp[j] = pred[src + x] == label;
          mt[j] = truth[src + x] == label;
        }
      }
    }
    int[] box = {bx, by, bz};
    boolean[] sPred = Surfaces.boundary(mp, bx, by, bz);
    boolean[] sTruth = Surfaces.boundary(mt, bx, by, bz);
    mp = null;
    mt = null;
    double[] predToTruth = distancesAt(sPred, DistanceTransform.squared(sTruth, box, sp));
    double[] truthToPred = distancesAt(sTruth, DistanceTransform.squared(sPred, box, sp));
    double hd95 = Math.max(percentile95(predToTruth), percentile95(truthToPred));
    long within = count(predToTruth, toleranceMm) + count(truthToPred, toleranceMm);
    double nsd = (double) within / (predToTruth.length + truthToPred.length);
    return new Result(hd95, nsd);
  }

  private static double[] distancesAt(boolean[] points, double[] squared) {
    int n = 0;
    for (boolean b : points) {
      if (b) n++;
    }
    double[] out = new double[n];
    int k = 0;
    for (int i = 0; i < points.length; i++) {
      if (points[i]) {
        out[k++] = Math.sqrt(squared[i]);
      }
    }
    return out;
  }

  private static long count(double[] distances, double tolerance) {
    long n = 0;
    // A small slack so distances equal to the tolerance up to rounding count as within it.
    double limit = tolerance + 1e-9;
    for (double d : distances) {
      if (d <= limit) n++;
    }
    return n;
  }

  /** 95th percentile with linear interpolation between closest ranks (numpy's default). */
  static double percentile95(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    double pos = 0.95 * (v.length - 1);
    int low = (int) Math.floor(pos);
    int high = Math.min(low + 1, v.length - 1);
    double frac = pos - low;
    return v[low] + (v[high] - v[low]) * frac;
  }
}
