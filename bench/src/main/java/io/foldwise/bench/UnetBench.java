package io.foldwise.bench;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.UnetFactory;
import io.foldwise.unet.predict.Prediction;
import io.foldwise.unet.predict.Predictor;
import io.foldwise.unet.runtime.NativeBackend;
import io.foldwise.unet.train.GradientStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * U-Net training and prediction speed: {@code ./foldwise bench unet [tiny] [small] [full] [predict]
 * [profile] [--iterations N]} (default: tiny small). Per configuration: median seconds per
 * training step after warm-up, voxels/s, useful GFLOP/s ({@link UnetFlops}), that as a percentage
 * of an SGEMM measured in the same run, and peak RSS. {@code predict} times sliding-window
 * prediction of the resampled grid of a 512x512x300 CT (0.7x0.7x1.0 mm resampled to MIScnn's
 * 1.58x1.58x2.70 mm: 226x226x111) with the full model; {@code profile} prints ND4J's per-op time
 * for two steps of the largest configuration run.
 */
public final class UnetBench {
  private record Case(String name, UnetConfig model, int batch, int warmup, int iterations) {}

  private UnetBench() {}

  public static void main(String[] args) throws Exception {
    String backend = NativeBackend.select();
    List<String> what = new ArrayList<>();
    int iterations = -1;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--iterations")) {
        iterations = Integer.parseInt(args[++i]);
      } else {
        what.add(args[i]);
      }
    }
    if (what.isEmpty()) {
      what = List.of("tiny", "small");
    }
    UnetConfig full = UnetConfig.miscnn();
    List<Case> cases = new ArrayList<>();
    for (String w : what) {
      switch (w) {
        case "tiny" -> cases.add(new Case("tiny CI model (depth 2, 4 filters, 16x16x8), batch 2",
            UnetConfig.smoke(), 2, 3, iterations > 0 ? iterations : 10));
        case "small" -> cases.add(new Case("standard U-Net, patch 64x64x32 (x,y,z), batch 1",
            full.withPatchShape(64, 64, 32), 1, 2, iterations > 0 ? iterations : 5));
        case "full" -> cases.add(new Case("standard U-Net, patch 160x160x80 (x,y,z), batch 1",
            full, 1, 1, iterations > 0 ? iterations : 3));
        case "predict", "profile" -> { }
        default -> {
          System.err.println("usage: ./foldwise bench unet [tiny] [small] [full] [predict] [profile] "
              + "[--iterations N]; unknown '" + w + "'");
          System.exit(2);
        }
      }
    }
    System.out.println("### U-Net (" + Machine.describe() + ")");
    System.out.println();
    System.out.println("ND4J build: nd4j-native linux-x86_64" + backend + "; OpenMP threads "
        + System.getenv().getOrDefault("OMP_NUM_THREADS", "default (all cores)")
        + "; direct oneDNN layers: " + (io.foldwise.unet.onednn.OneDnn.available() ? "on" : "off (-D"
        + io.foldwise.unet.onednn.OneDnn.PROPERTY + "=false or not loadable)")
        + "; 3-D weight gradient: " + io.foldwise.unet.onednn.Conv3dPrimitives.weightGradientPath());
    double sgemm = UnetSgemm.gflops(2048, 7);
    System.out.printf(Locale.ROOT, "SGEMM ceiling (ND4J/OpenBLAS, 2048x2048 FP32, median of 7): %.1f GFLOP/s%n%n", sgemm);
    Case last = null;
    if (what.contains("predict")) {
      // first, while no training network holds native memory, so that its peak RSS is its own
      predict(full);
      System.out.println();
    }
    System.out.println("| configuration | s/step (median) | voxels/s | GFLOP/s | SGEMM GFLOP/s just before | % of SGEMM | peak RSS MiB | steps timed |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Case c : cases) {
      Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
      System.gc();
      // the machine may be shared: measure the ceiling again right before each configuration
      double ceiling = UnetSgemm.gflops(2048, 5);
      UnetMemory.resetPeak();
      double[] s = trainSteps(c);
      double median = s[s.length / 2];
      double voxels = (double) c.model().patchVoxels() * c.batch();
      double gflops = UnetFlops.trainingStep(c.model(), c.batch()) / median / 1e9;
      System.out.printf(Locale.ROOT, "| %s | %.3f | %.0f | %.2f | %.1f | %.1f%% of SGEMM | %d | %d (after %d warm-up; all: %s) |%n",
          c.name(), median, voxels / median, gflops, ceiling, 100 * gflops / ceiling, UnetMemory.peakMib(),
          c.iterations(), c.warmup(), Arrays.toString(round(s)));
      System.out.flush();
      last = c;
    }
    if (what.contains("profile") && last != null) {
      profile(last);
    }
  }

  private static double[] trainSteps(Case c) {
    ComputationGraph graph = UnetFactory.create(c.model(), TrainingConfig.miscnn());
    List<INDArray[]> batch = java.util.Collections.singletonList(randomBatch(c.model(), c.batch(), 5));
    for (int i = 0; i < c.warmup(); i++) {
      GradientStep.run(graph, batch);
    }
    double[] seconds = new double[c.iterations()];
    for (int i = 0; i < c.iterations(); i++) {
      long t = System.nanoTime();
      GradientStep.run(graph, batch);
      seconds[i] = (System.nanoTime() - t) / 1e9;
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    return sorted;
  }

  private static void profile(Case c) {
    ComputationGraph graph = UnetFactory.create(c.model(), TrainingConfig.miscnn());
    List<INDArray[]> batch = java.util.Collections.singletonList(randomBatch(c.model(), c.batch(), 6));
    GradientStep.run(graph, batch);
    Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.ALL);
    OpProfiler.getInstance().reset();
    for (int i = 0; i < 2; i++) {
      GradientStep.run(graph, batch);
    }
    Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    System.out.println();
    System.out.println("ND4J op profile, 2 steps of: " + c.name());
    OpProfiler.getInstance().printOutDashboard();
  }

  private static void predict(UnetConfig model) {
    int[] shape = {226, 226, 111};
    float[] voxels = new float[shape[0] * shape[1] * shape[2]];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < voxels.length; i++) {
      voxels[i] = (float) rng.nextGaussian();
    }
    ImageVolume image = new ImageVolume(Geometry.of(shape, new double[] {1.58, 1.58, 2.70}), voxels);
    ComputationGraph graph = UnetFactory.create(model, TrainingConfig.miscnn());
    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    UnetMemory.resetPeak();
    long t = System.nanoTime();
    Prediction p = Predictor.predict(graph, model, image, new int[] {80, 80, 30}, false);
    double seconds = (System.nanoTime() - t) / 1e9;
    System.out.printf(Locale.ROOT, "Prediction of a 512x512x300 CT on its resampled grid %s: %d windows "
            + "(patch 160x160x80, overlap 80,80,30), %.1f s, %.1f s/window, peak RSS %d MiB%n",
        Arrays.toString(shape), p.windows(), seconds, seconds / p.windows(), UnetMemory.peakMib());
  }

  static INDArray[] randomBatch(UnetConfig c, int n, long seed) {
    int[] p = c.patchShape();
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.FLOAT, n, p[2], p[1], p[0], 1);
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, p[2], p[1], p[0], c.classes());
    // a label volume with all classes: class = (z / (D / classes)) clamped
    for (int k = 0; k < c.classes(); k++) {
      long from = (long) k * p[2] / c.classes();
      long to = (long) (k + 1) * p[2] / c.classes();
      y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
          org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
          org.nd4j.linalg.indexing.NDArrayIndex.point(k)).assign(1f);
    }
    return new INDArray[] {x, y};
  }

  private static double[] round(double[] s) {
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = Math.round(s[i] * 1000) / 1000.0;
    }
    return out;
  }
}
