package io.foldwise.bench;

import io.foldwise.segmentation.preprocess.Resampler;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;
import io.foldwise.segmentation.transform.spatial.Slabs;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Resampling speed on a CT-sized volume: 512x512x300 int16-valued voxels at (0.7, 0.7, 1.0) mm to
 * the seed's (1.58, 1.58, 2.70) mm, image cubic and trilinear and the 4-class mask
 * (linear_rounded and nearest), on 1 thread and on all processors. Voxels/s counts input voxels.
 */
public final class ResampleBench {
  static final int[] SHAPE = {512, 512, 300};
  static final double[] SPACING = {0.7, 0.7, 1.0};
  static final double[] TARGET = {1.58, 1.58, 2.70};

  private ResampleBench() {}

  public static Map<String, Object> run() throws Exception {
    Geometry g = Geometry.of(SHAPE, SPACING);
    ImageVolume image = new ImageVolume(g, ctLike(g, 1, 30));
    LabelVolume mask = new LabelVolume(g, lungsLike(g));
    int all = Slabs.defaultThreads();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("volume", Arrays.toString(SHAPE) + " int16-valued, spacing " + Arrays.toString(SPACING)
        + " mm -> " + Arrays.toString(TARGET) + " mm = "
        + Arrays.toString(Resampler.targetShape(g, TARGET)));
    double voxels = g.voxelCount();
    for (int threads : all > 1 ? new int[] {1, all} : new int[] {1}) {
      for (Interpolation in : Interpolation.values()) {
        BenchTimer.Timing t = BenchTimer.time(1, 3, () -> Resampler.resample(image, TARGET, in, threads));
        out.put("image " + in.name().toLowerCase(java.util.Locale.ROOT) + ", " + threads + " thread(s)", rate(voxels, t, threads));
      }
      for (LabelInterpolation li : LabelInterpolation.values()) {
        BenchTimer.Timing t = BenchTimer.time(1, 3, () -> Resampler.resample(mask, TARGET, li, threads));
        out.put("label " + li.name().toLowerCase(java.util.Locale.ROOT) + ", " + threads + " thread(s)", rate(voxels, t, threads));
      }
    }
    return out;
  }

  /** Wall-clock rate; for one thread also the rate per CPU-second (steadier on a busy machine). */
  private static String rate(double voxels, BenchTimer.Timing t, int threads) {
    String wall = String.format("%.1f Mvoxel/s (%.3f s)", voxels / t.wallSeconds() / 1e6,
        t.wallSeconds());
    return threads > 1 ? wall : wall + String.format("; %.1f Mvoxel per CPU-second (%.3f s CPU)",
        voxels / t.cpuSeconds() / 1e6, t.cpuSeconds());
  }

  /** Body-like HU pattern (air, elliptic body, lungs near -850 HU) plus Gaussian noise of sd {@code noiseHu}, rounded to int16 values. */
  static float[] ctLike(Geometry g, long seed, double noiseHu) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[g.voxelCount()];
    int nx = g.nx();
    int ny = g.ny();
    for (int z = 0, i = 0; z < g.nz(); z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          double dx = (x - nx / 2.0) / (0.45 * nx);
          double dy = (y - ny / 2.0) / (0.35 * ny);
          double r = dx * dx + dy * dy;
          double hu = r > 1 ? -1024 : (Math.abs(dx) > 0.15 && r < 0.7 ? -850 : 40);
          v[i] = (float) Math.rint(hu + noiseHu * rng.nextGaussian());
        }
      }
    }
    return v;
  }

  /** Labels 0..3: two lungs and an infection blob. */
  static byte[] lungsLike(Geometry g) {
    byte[] l = new byte[g.voxelCount()];
    int nx = g.nx();
    int ny = g.ny();
    int nz = g.nz();
    for (int z = 0, i = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          double dx = (x - nx / 2.0) / (0.45 * nx);
          double dy = (y - ny / 2.0) / (0.35 * ny);
          double dz = (z - nz / 2.0) / (0.5 * nz);
          double r = dx * dx + dy * dy + dz * dz;
          if (Math.abs(dx) > 0.15 && r < 0.7) {
            l[i] = (byte) (dx < 0 ? 1 : 2);
            double ix = dx - 0.5;
            if (ix * ix + dy * dy * 4 + dz * dz < 0.04) {
              l[i] = 3;
            }
          }
        }
      }
    }
    return l;
  }
}
