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
   * sampled. Slabs are z planes for the x and y passes and y rows for the z pass; in the y and z
   * passes up to {@link #BUNDLE} neighbouring x lines are processed together.
   */
  private static float[] splinePass(float[] in, int[] s, int[] o, int axis, int threads) {
    float[] out = new float[o[0] * o[1] * o[2]];
    int n = s[axis];
    int m = o[axis];
    Taps taps = Taps.spline(n, m);
    int len = n + 2 * BSpline.PAD;
    if (axis == 0) {
      Slabs.run(o[2], threads, z -> {
        double[] coef = new double[len];
        for (int y = 0; y < o[1]; y++) {
          BSpline.paddedCoefficients(in, s[0] * (y + s[1] * z), 1, n, true, coef);
          int outStart = o[0] * (y + o[1] * z);
          for (int j = 0; j < m; j++) {
            out[outStart + j] = (float) sampleAt(taps, j, coef);
          }
        }
      });
      return out;
    }
    int inStride = axis == 1 ? s[0] : s[0] * s[1];
    int outStride = axis == 1 ? o[0] : o[0] * o[1];
    int slabs = axis == 2 ? o[1] : o[2];
    Slabs.run(slabs, threads, slab -> {
      double[][] coef = new double[BUNDLE][len];
      int inBase = axis == 1 ? s[0] * s[1] * slab : s[0] * slab;
      int outBase = axis == 1 ? o[0] * o[1] * slab : o[0] * slab;
      for (int x0 = 0; x0 < o[0]; x0 += BUNDLE) {
        int b = Math.min(BUNDLE, o[0] - x0);
        for (int i = 0; i < n; i++) {
          int src = inBase + x0 + i * inStride;
          for (int l = 0; l < b; l++) {
            coef[l][BSpline.PAD + i] = in[src + l];
          }
        }
        for (int l = 0; l < b; l++) {
          BSpline.padAndPrefilter(n, true, coef[l]);
        }
        for (int j = 0; j < m; j++) {
          int dst = outBase + x0 + j * outStride;
          for (int l = 0; l < b; l++) {
            out[dst + l] = (float) sampleAt(taps, j, coef[l]);
          }
        }
      }
    });
    return out;
  }

  private static double sampleAt(Taps taps, int j, double[] coef) {
    int b = j * 4;
    return taps.w[b] * coef[taps.idx[b]] + taps.w[b + 1] * coef[taps.idx[b + 1]]
        + taps.w[b + 2] * coef[taps.idx[b + 2]] + taps.w[b + 3] * coef[taps.idx[b + 3]];
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
