package io.foldwise.segmentation.preprocess;

import io.foldwise.segmentation.transform.spatial.AxisMapping;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;
import io.foldwise.segmentation.transform.spatial.SeparableResize;
import io.foldwise.segmentation.transform.spatial.Slabs;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.util.Arrays;
import java.util.Objects;

/**
 * Resamples volumes to a target voxel spacing as MIScnn does (batchgenerators
 * {@code augment_resize}): new shape = floor(shape × (old spacing / new spacing)), at least 1;
 * the new grid covers the same physical extent as the old one (see {@link AxisMapping}), so the
 * spacing actually achieved is old × n / m, within one voxel's rounding of the target, and that is
 * what the resulting {@link Geometry} records (its affine is moved so voxel centres stay exact).
 * Outside the volume, values are clamped to the edge. {@link #resampleTo} is the inverse: a
 * (predicted) label map back onto the original grid with its exact shape and affine.
 */
public final class Resampler {
  private Resampler() {}

  /** floor(shape × (spacing / target)) per axis, at least 1. */
  public static int[] targetShape(Geometry geometry, double[] targetSpacing) {
    checkSpacing(targetSpacing);
    int[] shape = geometry.shape();
    double[] spacing = geometry.spacing();
    int[] out = new int[3];
    for (int a = 0; a < 3; a++) {
      out[a] = Math.max(1, (int) Math.floor(shape[a] * (spacing[a] / targetSpacing[a])));
    }
    return out;
  }

  /** The geometry of {@code geometry} resampled to {@code newShape} on the same physical extent. */
  public static Geometry resampledGeometry(Geometry geometry, int[] newShape) {
    int[] shape = geometry.shape();
    double[] spacing = geometry.spacing();
    double[] newSpacing = new double[3];
    double[] firstCentre = new double[3];
    for (int a = 0; a < 3; a++) {
      newSpacing[a] = spacing[a] * ((double) shape[a] / newShape[a]);
      firstCentre[a] = AxisMapping.source(0, shape[a], newShape[a]);
    }
    double[] old = geometry.affine();
    double[] affine = geometry.withShapeAndSpacing(newShape, newSpacing).affine();
    for (int row = 0; row < 3; row++) {
      double t = old[row * 4 + 3];
      for (int a = 0; a < 3; a++) {
        t += old[row * 4 + a] * firstCentre[a];
      }
      affine[row * 4 + 3] = t;
    }
    return Geometry.of(newShape, newSpacing, affine);
  }

  /** The image resampled to {@code targetSpacing} (mm, x y z), using all processors. */
  public static ImageVolume resample(ImageVolume volume, double[] targetSpacing,
      Interpolation interpolation) {
    return resample(volume, targetSpacing, interpolation, Slabs.defaultThreads());
  }

  /** As {@link #resample(ImageVolume, double[], Interpolation)} on {@code threads} threads (same bits). */
  public static ImageVolume resample(ImageVolume volume, double[] targetSpacing,
      Interpolation interpolation, int threads) {
    Objects.requireNonNull(volume, "volume == null");
    Objects.requireNonNull(interpolation, "interpolation == null");
    Geometry g = volume.geometry();
    int[] shape = targetShape(g, targetSpacing);
    float[] data = SeparableResize.resize(volume.data(), g.shape(), shape, interpolation, threads);
    return new ImageVolume(resampledGeometry(g, shape), data);
  }

  /** The label map resampled to {@code targetSpacing}, using all processors. */
  public static LabelVolume resample(LabelVolume volume, double[] targetSpacing,
      LabelInterpolation interpolation) {
    return resample(volume, targetSpacing, interpolation, Slabs.defaultThreads());
  }

  public static LabelVolume resample(LabelVolume volume, double[] targetSpacing,
      LabelInterpolation interpolation, int threads) {
    Objects.requireNonNull(volume, "volume == null");
    Geometry g = volume.geometry();
    int[] shape = targetShape(g, targetSpacing);
    byte[] data = resizeLabels(volume.data(), g.shape(), shape, interpolation, threads);
    return new LabelVolume(resampledGeometry(g, shape), data);
  }

  /**
   * The inverse of resampling: {@code volume} (e.g. a prediction on the resampled grid) put back
   * onto {@code original}, the grid it was resampled from, with the seed's label interpolation.
   * The result has exactly {@code original}'s shape, spacing and affine.
   */
  public static LabelVolume resampleTo(LabelVolume volume, Geometry original) {
    return resampleTo(volume, original, LabelInterpolation.LINEAR_ROUNDED);
  }

  public static LabelVolume resampleTo(LabelVolume volume, Geometry original,
      LabelInterpolation interpolation) {
    Objects.requireNonNull(volume, "volume == null");
    Objects.requireNonNull(original, "original == null");
    byte[] data = resizeLabels(volume.data(), volume.geometry().shape(), original.shape(),
        interpolation, Slabs.defaultThreads());
    return new LabelVolume(original, data);
  }

  /** Label resizing on the {@link AxisMapping} grid; only labels present in the input appear. */
  public static byte[] resizeLabels(byte[] labels, int[] shape, int[] outShape,
      LabelInterpolation interpolation, int threads) {
    Objects.requireNonNull(interpolation, "interpolation == null");
    return interpolation == LabelInterpolation.NEAREST
        ? nearest(labels, shape, outShape, threads)
        : linearRounded(labels, shape, outShape, threads);
  }

  private static byte[] nearest(byte[] labels, int[] s, int[] o, int threads) {
    int[][] map = new int[3][];
    for (int a = 0; a < 3; a++) {
      map[a] = new int[o[a]];
      for (int j = 0; j < o[a]; j++) {
        map[a][j] = AxisMapping.nearest(j, s[a], o[a]);
      }
    }
    byte[] out = new byte[o[0] * o[1] * o[2]];
    Slabs.run(o[2], threads, z -> {
      int zi = map[2][z];
      for (int y = 0; y < o[1]; y++) {
        int inRow = s[0] * (map[1][y] + s[1] * zi);
        int outRow = o[0] * (y + o[1] * z);
        for (int x = 0; x < o[0]; x++) {
          out[outRow + x] = labels[inRow + map[0][x]];
        }
      }
    });
    return out;
  }

  private static byte[] linearRounded(byte[] labels, int[] s, int[] o, int threads) {
    boolean[] present = new boolean[256];
    for (byte b : labels) {
      present[b & 0xff] = true;
    }
    byte[] out = new byte[o[0] * o[1] * o[2]];
    float[] indicator = new float[labels.length];
    // ascending label order as in batchgenerators' resize_segmentation (np.unique order for 0..127)
    for (int c = 1; c < 256; c++) {
      if (!present[c]) {
        continue;
      }
      for (int i = 0; i < labels.length; i++) {
        indicator[i] = (labels[i] & 0xff) == c ? 1f : 0f;
      }
      float[] resized = SeparableResize.resize(indicator, s, o, Interpolation.LINEAR, threads);
      byte label = (byte) c;
      for (int i = 0; i < out.length; i++) {
        if (resized[i] >= 0.5f) {
          out[i] = label;
        }
      }
    }
    return out;
  }

  private static void checkSpacing(double[] spacing) {
    Objects.requireNonNull(spacing, "targetSpacing == null");
    if (spacing.length != 3) {
      throw new IllegalArgumentException(
          "targetSpacing must have 3 axes, got " + Arrays.toString(spacing));
    }
    for (double d : spacing) {
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(
            "targetSpacing must be positive and finite, got " + Arrays.toString(spacing));
      }
    }
  }
}
