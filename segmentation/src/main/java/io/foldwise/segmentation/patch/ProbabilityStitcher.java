package io.foldwise.segmentation.patch;

import java.util.Arrays;
import java.util.Objects;

/**
 * Averages overlapping patch predictions into one volume: per voxel,
 * Σ w·p / Σ w over the windows covering it, with w = 1 (MIScnn's plain mean) or a Gaussian
 * importance map (nnU-Net, σ = patch/8, peak 1, floored at its smallest non-zero value).
 *
 * <p>Memory: one float accumulator per class and voxel plus one weight per voxel, i.e.
 * 4·(classes + 1) bytes per voxel: 1.57 GB for a full 512x512x300 CT with 4 classes, but
 * prediction runs on the resampled grid (about 226x226x111 at (1.58, 1.58, 2.70) mm for a
 * 0.7x0.7x1 mm scan), ≈ 28 MB. Accumulation is in place; {@link #argmax()} needs no extra array.
 */
public final class ProbabilityStitcher {
  private final int[] volumeShape;
  private final int classes;
  private final int[] patchShape;
  private final int voxels;
  private final int patchVoxels;
  private final float[] weights;
  private final float[] sums;
  private final float[] weightSum;

  public ProbabilityStitcher(int[] volumeShape, int classes, int[] patchShape, boolean gaussian) {
    this.volumeShape = PatchShapes.check("volumeShape", volumeShape);
    this.patchShape = PatchShapes.check("patchShape", patchShape);
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
    this.classes = classes;
    this.voxels = this.volumeShape[0] * this.volumeShape[1] * this.volumeShape[2];
    this.patchVoxels = this.patchShape[0] * this.patchShape[1] * this.patchShape[2];
    if ((long) voxels * classes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("volume " + Arrays.toString(volumeShape) + " with "
          + classes + " classes needs more than one array holds; predict on the resampled grid");
    }
    this.weights = gaussian ? gaussianWeights(this.patchShape) : null;
    this.sums = new float[voxels * classes];
    this.weightSum = new float[voxels];
  }

  /**
   * Adds one window's probabilities, laid out [class][x-fastest patch voxel], at {@code origin};
   * voxels of the window outside the volume are ignored.
   */
  public void add(int[] origin, float[] probabilities) {
    Objects.requireNonNull(origin, "origin == null");
    Objects.requireNonNull(probabilities, "probabilities == null");
    if (origin.length != 3) {
      throw new IllegalArgumentException("origin must have 3 axes, got " + Arrays.toString(origin));
    }
    if (probabilities.length != classes * patchVoxels) {
      throw new IllegalArgumentException("probabilities has " + probabilities.length
          + " values but " + classes + " classes x patch " + Arrays.toString(patchShape)
          + " needs " + (long) classes * patchVoxels);
    }
    int[] p = patchShape;
    int[] v = volumeShape;
    int x0 = Math.max(0, origin[0]);
    int x1 = Math.min(v[0], origin[0] + p[0]);
    for (int z = Math.max(0, origin[2]); z < Math.min(v[2], origin[2] + p[2]); z++) {
      for (int y = Math.max(0, origin[1]); y < Math.min(v[1], origin[1] + p[1]); y++) {
        int vRow = v[0] * (y + v[1] * z);
        int pRow = -origin[0] + p[0] * ((y - origin[1]) + p[1] * (z - origin[2]));
        for (int x = x0; x < x1; x++) {
          int pi = pRow + x;
          int vi = vRow + x;
          float w = weights == null ? 1f : weights[pi];
          weightSum[vi] += w;
          for (int c = 0; c < classes; c++) {
            sums[c * voxels + vi] += w * probabilities[c * patchVoxels + pi];
          }
        }
      }
    }
  }

  /** Averaged probabilities [class][x-fastest voxel] (a new array); 0 where no window reached. */
  public float[] probabilities() {
    float[] out = new float[sums.length];
    for (int i = 0; i < voxels; i++) {
      float w = weightSum[i];
      if (w > 0) {
        for (int c = 0; c < classes; c++) {
          out[c * voxels + i] = sums[c * voxels + i] / w;
        }
      }
    }
    return out;
  }

  /** The most probable class per voxel (the lowest class index on ties). */
  public byte[] argmax() {
    byte[] out = new byte[voxels];
    for (int i = 0; i < voxels; i++) {
      int best = 0;
      float bestValue = sums[i];
      for (int c = 1; c < classes; c++) {
        float s = sums[c * voxels + i];
        if (s > bestValue) {
          best = c;
          bestValue = s;
        }
      }
      out[i] = (byte) best;
    }
    return out;
  }

  /** Σ w per voxel (a copy); every voxel covered by some window has a positive sum. */
  public float[] weightSum() {
    return weightSum.clone();
  }

  /** The Gaussian importance map of a patch: σ = size/8 per axis, peak 1, no zeros. */
  static float[] gaussianWeights(int[] patch) {
    double[][] axis = new double[3][];
    for (int a = 0; a < 3; a++) {
      axis[a] = new double[patch[a]];
      double centre = (patch[a] - 1) / 2.0;
      double sigma = patch[a] / 8.0;
      for (int i = 0; i < patch[a]; i++) {
        double d = (i - centre) / sigma;
        axis[a][i] = Math.exp(-0.5 * d * d);
      }
    }
    float[] w = new float[patch[0] * patch[1] * patch[2]];
    float max = 0;
    for (int z = 0, i = 0; z < patch[2]; z++) {
      for (int y = 0; y < patch[1]; y++) {
        for (int x = 0; x < patch[0]; x++, i++) {
          w[i] = (float) (axis[0][x] * axis[1][y] * axis[2][z]);
          max = Math.max(max, w[i]);
        }
      }
    }
    float min = Float.MAX_VALUE;
    for (int i = 0; i < w.length; i++) {
      w[i] /= max;
      if (w[i] > 0) {
        min = Math.min(min, w[i]);
      }
    }
    for (int i = 0; i < w.length; i++) {
      if (w[i] == 0) {
        w[i] = min;
      }
    }
    return w;
  }
}
