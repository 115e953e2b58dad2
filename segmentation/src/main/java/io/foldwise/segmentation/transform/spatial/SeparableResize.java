package io.foldwise.segmentation.transform.spatial;

import java.util.Arrays;

/**
 * Resizes an x-fastest float volume axis by axis (x, then y, then z), using {@link AxisMapping}'s
 * grid convention and edge clamping outside the volume: linear weights, or cubic B-spline
 * interpolation of edge-padded, prefiltered lines ({@link BSpline}), which is
 * {@code scipy.ndimage.zoom(order=3, mode="nearest", grid_mode=True)} and so skimage
 * {@code resize(order=3, mode="edge")} as batchgenerators/MIScnn call it. Work is split into a
 * fixed list of slabs; every output value is computed by the same arithmetic whichever thread
 * runs its slab, so the result is bit-identical for any thread count.
 */
public final class SeparableResize {
  /** Lines gathered together in the y and z passes, so reads and writes touch whole cache lines. */
  private static final int BUNDLE = 16;

  private SeparableResize() {}

  /** The resized volume; {@code threads >= 1}. The input is not modified. */
  public static float[] resize(float[] data, int[] shape, int[] outShape,
      Interpolation interpolation, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    long voxels = (long) shape[0] * shape[1] * shape[2];
    if (data.length != voxels) {
      throw new IllegalArgumentException("data has " + data.length + " voxels but shape "
          + Arrays.toString(shape) + " needs " + voxels);
    }
    for (int s : outShape) {
      if (s <= 0) {
        throw new IllegalArgumentException(
            "output shape must be positive, got " + Arrays.toString(outShape));
      }
    }
    float[] cur = data;
    int[] curShape = shape.clone();
    for (int axis = 0; axis < 3; axis++) {
      if (curShape[axis] == outShape[axis]) {
        continue; // identity on this axis: output centre j samples input j exactly
      }
      int[] nextShape = curShape.clone();
      nextShape[axis] = outShape[axis];
      cur = interpolation == Interpolation.CUBIC
          ? splinePass(cur, curShape, nextShape, axis, threads)
          : pass(cur, curShape, nextShape, axis, Taps.of(curShape[axis], outShape[axis]), threads);
      curShape = nextShape;
    }
    return cur == data ? data.clone() : cur;
  }

  private static float[] pass(float[] in, int[] inShape, int[] outShape, int axis, Taps taps,
      int threads) {
    float[] out = new float[outShape[0] * outShape[1] * outShape[2]];
    int slabs = outShape[2];
    Slabs.run(slabs, threads, z -> {
      switch (axis) {
        case 0 -> passX(in, inShape, out, outShape, taps, z);
        case 1 -> passY(in, inShape, out, outShape, taps, z);
        default -> passZ(in, inShape, out, outShape, taps, z);
      }
    });
    return out;
  }

  /**
   * One cubic B-spline pass along {@code axis}: each input line is edge-padded, prefiltered and
   * sampled. Slabs are z planes for the x and y passes and y rows for the z pass. Up to
   * {@link #BUNDLE} neighbouring lines (y rows in the x pass, x columns otherwise) are interleaved
   * and filtered together, so the recursive filter runs over contiguous memory; each line still
   * gets exactly the arithmetic of a single-line filter.
   */
  private static float[] splinePass(float[] in, int[] s, int[] o, int axis, int threads) {
    float[] out = new float[o[0] * o[1] * o[2]];
    int n = s[axis];
    int m = o[axis];
    Taps taps = Taps.spline(n, m);
    int len = n + 2 * BSpline.PAD;
    int inStride = axis == 0 ? 1 : (axis == 1 ? s[0] : s[0] * s[1]);
    int outStride = axis == 0 ? 1 : (axis == 1 ? o[0] : o[0] * o[1]);
    // lines of a slab: y rows (axis 0) or x columns (axes 1, 2); neighbouring lines are lineStep apart
    int linesPerSlab = axis == 0 ? o[1] : o[0];
    int inLineStep = axis == 0 ? s[0] : 1;
    int outLineStep = axis == 0 ? o[0] : 1;
    int slabs = axis == 2 ? o[1] : o[2];
    Slabs.run(slabs, threads, slab -> {
      double[] coef = new double[len * BUNDLE];
      double[] acc = new double[BUNDLE];
      int inBase = axis == 2 ? s[0] * slab : s[0] * s[1] * slab;
      int outBase = axis == 2 ? o[0] * slab : o[0] * o[1] * slab;
      for (int l0 = 0; l0 < linesPerSlab; l0 += BUNDLE) {
        int b = Math.min(BUNDLE, linesPerSlab - l0);
        int inStart = inBase + l0 * inLineStep;
        for (int i = 0; i < n; i++) {
          int row = (BSpline.PAD + i) * b;
          int src = inStart + i * inStride;
          for (int l = 0; l < b; l++) {
            coef[row + l] = in[src + l * inLineStep];
          }
        }
        BSpline.padAndPrefilterInterleaved(n, b, coef);
        int outStart = outBase + l0 * outLineStep;
        for (int j = 0; j < m; j++) {
          int t = j * 4;
          int r0 = taps.idx[t] * b;
          int r1 = taps.idx[t + 1] * b;
          int r2 = taps.idx[t + 2] * b;
          int r3 = taps.idx[t + 3] * b;
          double w0 = taps.w[t];
          double w1 = taps.w[t + 1];
          double w2 = taps.w[t + 2];
          double w3 = taps.w[t + 3];
          for (int l = 0; l < b; l++) {
            acc[l] = w0 * coef[r0 + l] + w1 * coef[r1 + l] + w2 * coef[r2 + l] + w3 * coef[r3 + l];
          }
          int dst = outStart + j * outStride;
          for (int l = 0; l < b; l++) {
            out[dst + l * outLineStep] = (float) acc[l];
          }
        }
      }
    });
    return out;
  }

  private static void passX(float[] in, int[] s, float[] out, int[] o, Taps t, int z) {
    int k = t.k;
    for (int y = 0; y < o[1]; y++) {
      int inRow = s[0] * (y + s[1] * z);
      int outRow = o[0] * (y + o[1] * z);
      for (int x = 0; x < o[0]; x++) {
        double acc = 0;
        int b = x * k;
        for (int q = 0; q < k; q++) {
          acc += t.w[b + q] * in[inRow + t.idx[b + q]];
        }
        out[outRow + x] = (float) acc;
      }
    }
  }

  private static void passY(float[] in, int[] s, float[] out, int[] o, Taps t, int z) {
    int k = t.k;
    int nx = o[0];
    double[] acc = new double[nx];
    for (int y = 0; y < o[1]; y++) {
      Arrays.fill(acc, 0);
      int b = y * k;
      for (int q = 0; q < k; q++) {
        double w = t.w[b + q];
        int inRow = nx * (t.idx[b + q] + s[1] * z);
        for (int x = 0; x < nx; x++) {
          acc[x] += w * in[inRow + x];
        }
      }
      int outRow = nx * (y + o[1] * z);
      for (int x = 0; x < nx; x++) {
        out[outRow + x] = (float) acc[x];
      }
    }
  }

  private static void passZ(float[] in, int[] s, float[] out, int[] o, Taps t, int z) {
    int k = t.k;
    int plane = o[0] * o[1];
    double[] acc = new double[plane];
    int b = z * k;
    for (int q = 0; q < k; q++) {
      double w = t.w[b + q];
      int inPlane = plane * t.idx[b + q];
      for (int i = 0; i < plane; i++) {
        acc[i] += w * in[inPlane + i];
      }
    }
    int outPlane = plane * z;
    for (int i = 0; i < plane; i++) {
      out[outPlane + i] = (float) acc[i];
    }
  }

  /** Per output index: k clamped input indices and their weights. */
  static final class Taps {
    final int k;
    final int[] idx;
    final double[] w;

    private Taps(int k, int[] idx, double[] w) {
      this.k = k;
      this.idx = idx;
      this.w = w;
    }

    /** Linear taps: floor(x) and floor(x) + 1, clamped to the axis. */
    static Taps of(int n, int m) {
      int[] idx = new int[m * 2];
      double[] w = new double[m * 2];
      for (int j = 0; j < m; j++) {
        double x = AxisMapping.source(j, n, m);
        double f = Math.floor(x);
        w[j * 2] = 1 - (x - f);
        w[j * 2 + 1] = x - f;
        idx[j * 2] = Math.max(0, Math.min(n - 1, (int) f));
        idx[j * 2 + 1] = Math.max(0, Math.min(n - 1, (int) f + 1));
      }
      return new Taps(2, idx, w);
    }

    /** Cubic B-spline taps into an edge-padded coefficient line: floor(x) − 1 .. + 2, shifted by PAD. */
    static Taps spline(int n, int m) {
      int[] idx = new int[m * 4];
      double[] w = new double[m * 4];
      for (int j = 0; j < m; j++) {
        double x = AxisMapping.source(j, n, m) + BSpline.PAD;
        double f = Math.floor(x);
        BSpline.weights(x - f, w, j * 4);
        for (int q = 0; q < 4; q++) {
          idx[j * 4 + q] = (int) f - 1 + q;
        }
      }
      return new Taps(4, idx, w);
    }
  }
}
