package io.foldwise.bench;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.UnetFactory;
import io.foldwise.unet.onednn.OneDnn;
import io.foldwise.unet.predict.Prediction;
import io.foldwise.unet.predict.Predictor;
import io.foldwise.unet.runtime.NativeBackend;
import io.foldwise.unet.train.GradientStep;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Foldwise's side of {@code ./foldwise bench peers}, run as its own process like the peers
 * ({@code Main peer-foldwise train|predict [options]}, the options of {@code peers_common.py}): prints the same
 * JSON lines, plus the SGEMM ceiling of the same threads measured first ({@code "event": "sgemm"}).
 */
final class PeerFoldwise {
  private PeerFoldwise() {}

  public static void main(String[] args) throws Exception {
    PeerOptions o = PeerOptions.parse(args);
    String backend = NativeBackend.select();
    emit("sgemm", "gflops", UnetSgemm.gflops(2048, 5));
    UnetConfig model = UnetConfig.miscnn().withPatchShape(o.patch());
    ComputationGraph graph = UnetFactory.create(model, TrainingConfig.miscnn());
    String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "all cores");
    System.out.printf(Locale.ROOT, "{\"event\": \"model\", \"framework\": \"foldwise\", \"version\": \"%s\", "
            + "\"parameters\": %d, \"threads\": %s, \"fast_path\": \"ND4J nd4j-native linux-x86_64%s, direct oneDNN "
            + "layers %s, 3-D weight gradient %s, OMP_NUM_THREADS=%s\"}%n", "DL4J/ND4J 1.0.0-M2.1", graph.numParams(),
        threads.matches("\\d+") ? threads : "-1", backend, OneDnn.available() ? "on" : "off",
        io.foldwise.unet.onednn.Conv3dPrimitives.weightGradientPath(), threads);
    if (o.mode().equals("train")) {
      INDArray[] batch = UnetBench.randomBatch(model, o.batch(), 5);
      List<INDArray[]> micro = java.util.Collections.singletonList(batch);
      for (int i = 0; i < o.warmup() + o.iterations(); i++) {
        long t = System.nanoTime();
        GradientStep.run(graph, micro);
        System.out.printf(Locale.ROOT, "{\"event\": \"step\", \"index\": %d, \"warmup\": %b, \"seconds\": %.6f}%n",
            i, i < o.warmup(), (System.nanoTime() - t) / 1e9);
        if (System.getenv("FOLDWISE_BENCH_WORKSPACES") != null) { // where the memory goes, per DL4J workspace
          long total = 0;
          for (org.nd4j.linalg.api.memory.MemoryWorkspace w
              : org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            org.nd4j.linalg.api.memory.abstracts.Nd4jWorkspace n = (org.nd4j.linalg.api.memory.abstracts.Nd4jWorkspace) w;
            total += n.getCurrentSize();
            System.out.printf(Locale.ROOT, "ws %-28s size %8.1f MiB maxCycle %8.1f spilled %8.1f pinned %8.1f%n", w.getId(),
                n.getCurrentSize() / 1048576.0, n.getMaxCycleAllocations() / 1048576.0, n.getSpilledSize() / 1048576.0,
                n.getPinnedSize() / 1048576.0);
          }
          System.out.printf(Locale.ROOT, "ws total %.1f MiB, rss peak %d MiB%n", total / 1048576.0, UnetMemory.peakMib());
        }
      }
    } else {
      int[] g = o.grid();
      float[] voxels = new float[g[0] * g[1] * g[2]];
      SplittableRandom rng = new SplittableRandom(3);
      for (int i = 0; i < voxels.length; i++) {
        voxels[i] = (float) rng.nextGaussian();
      }
      ImageVolume image = new ImageVolume(Geometry.of(g, new double[] {1.58, 1.58, 2.70}), voxels);
      long t = System.nanoTime();
      Prediction p = Predictor.predict(graph, model, image, o.overlap(), false);
      System.out.printf(Locale.ROOT, "{\"event\": \"predict\", \"windows\": %d, \"seconds\": %.6f}%n",
          p.windows(), (System.nanoTime() - t) / 1e9);
    }
    System.out.printf(Locale.ROOT, "{\"event\": \"done\", \"peak_rss_mib\": %d}%n", UnetMemory.peakMib());
    System.out.flush();
  }

  private static void emit(String event, String key, double value) {
    System.out.printf(Locale.ROOT, "{\"event\": \"%s\", \"%s\": %.3f}%n", event, key, value);
    System.out.flush();
  }

  /** The options every peer process takes (see peers_common.py). */
  record PeerOptions(String mode, int[] patch, int batch, int warmup, int iterations, int[] grid, int[] overlap) {
    /** The paper's patch, the resampled 512x512x300 CT's grid and the seed's prediction overlap (x, y, z). */
    static final int[] PATCH = {160, 160, 80};
    static final int[] GRID = {226, 226, 111};
    static final int[] OVERLAP = {80, 80, 30};

    static PeerOptions parse(String[] args) {
      if (args.length == 0 || !(args[0].equals("train") || args[0].equals("predict"))) {
        throw new IllegalArgumentException("usage: peer-foldwise train|predict [--patch XxYxZ] [--batch N] "
            + "[--warmup N] [--iterations N] [--threads N] [--grid XxYxZ] [--overlap X,Y,Z]");
      }
      int[] patch = PATCH.clone();
      int[] grid = GRID.clone();
      int[] overlap = OVERLAP.clone();
      int batch = 1;
      int warmup = 1;
      int iterations = 3;
      for (int i = 1; i < args.length; i += 2) {
        String v = args[i + 1];
        switch (args[i]) {
          case "--patch" -> patch = PeersBench.shape(v, "x");
          case "--grid" -> grid = PeersBench.shape(v, "x");
          case "--overlap" -> overlap = PeersBench.shape(v, ",");
          case "--batch" -> batch = Integer.parseInt(v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--iterations" -> iterations = Integer.parseInt(v);
          case "--threads", "--classes" -> { } // threads: OMP_NUM_THREADS of this process; 4 classes
          default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
      }
      return new PeerOptions(args[0], patch, batch, warmup, iterations, grid, overlap);
    }
  }
}
