package io.foldwise.bench;

import io.foldwise.segmentation.metrics.SegmentationMetrics;
import io.foldwise.segmentation.phantom.PhantomGenerator;
import io.foldwise.segmentation.phantom.PhantomSpec;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.LabelVolume;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-case metric speed (all 4 classes: overlap counts, HD95 and NSD with exact EDTs) at 256^3 and
 * at CT size 512x512x300, prediction = the lungs-like mask shifted by 2 voxels in x; and phantom
 * generation speed at 256x256x64.
 */
public final class MetricsBench {
  private MetricsBench() {}

  public static Map<String, Object> run() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int[] shape : new int[][] {{256, 256, 256}, {512, 512, 300}}) {
      Geometry g = Geometry.of(shape, new double[] {0.8, 0.8, 1.5});
      LabelVolume truth = new LabelVolume(g, ResampleBench.lungsLike(g));
      LabelVolume pred = new LabelVolume(g, shifted(truth.data(), shape, 2));
      double s = BenchTimer.medianSeconds(1, 3, () -> SegmentationMetrics.compute(
          pred, truth, 4, SegmentationMetrics.covidTolerancesMm()));
      out.put("metrics, 4 classes, " + Arrays.toString(shape),
          String.format("%.2f s per case (%.1f Mvoxel/s)", s, g.voxelCount() / s / 1e6));
    }
    PhantomSpec spec = PhantomSpec.of(1, 1).withShape(new int[] {256, 256, 64});
    double s = BenchTimer.medianSeconds(1, 3, () -> PhantomGenerator.generate(spec, 0));
    out.put("phantom generation, 256x256x64", String.format("%.2f s per case", s));
    return out;
  }

  private static byte[] shifted(byte[] labels, int[] shape, int dx) {
    byte[] out = new byte[labels.length];
    int nx = shape[0];
    for (int i = 0; i < labels.length; i++) {
      int x = i % nx;
      if (x + dx < nx && x + dx >= 0) {
        out[i + dx] = labels[i];
      }
    }
    return out;
  }
}
