package io.foldwise.segmentation.transform.spatial;

import java.util.Arrays;

/**
 * Resizes an x-fastest float volume axis by axis (x, then y, then z) with linear or cubic weights,
 * using {@link AxisMapping}'s grid convention and edge clamping outside the volume. Work is split
 * into a fixed list of slabs; every output value is computed by the same arithmetic whichever
 * thread runs its slab, so the result is bit-identical for any thread count.
 */
public final class SeparableResize {
  private SeparableResize() {}

  /** The resized volume; {@code threads >= 1}. The input is not modified. */
  public static float[] resize(float[] data, int[] shape, int[] outShape,
      Interpolation interpolation, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    float[] cur = data;
    int[] curShape = shape.clone();
    for (int axis = 0; axis < 3; axis++) {
      if (curShape[axis] == outShape[axis]) {
        continue; // identity on this axis: output centre j samples input j exactly
      }
      Taps taps = Taps.of(curShape[axis], outShape[axis], interpolation);
      int[] nextShape = curShape.clone();
      nextShape[axis] = outShape[axis];
      cur = pass(cur, curShape, nextShape, axis, taps, threads);
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

    static Taps of(int n, int m, Interpolation interpolation) {
      int k = Kernels.taps(interpolation);
      int first = Kernels.firstTap(interpolation);
      int[] idx = new int[m * k];
      double[] w = new double[m * k];
      for (int j = 0; j < m; j++) {
        double x = AxisMapping.source(j, n, m);
        double f = Math.floor(x);
        Kernels.weights(interpolation, x - f, w, j * k);
        for (int q = 0; q < k; q++) {
          int i = (int) f + first + q;
          idx[j * k + q] = Math.max(0, Math.min(n - 1, i));
        }
      }
      return new Taps(k, idx, w);
    }
  }
}
