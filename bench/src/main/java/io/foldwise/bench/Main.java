package io.foldwise.bench;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Benchmark entry point ({@code ./foldwise bench [segmentation|unet|all]}): prints each bench's
 * numbers as Markdown, with the machine, for BENCHMARKS.md. {@code segmentation} runs the NIfTI,
 * resampling and augmentation benches; {@code unet} runs {@code io.foldwise.bench.UnetBench}; {@code peers}
 * runs {@link PeersBench} (Foldwise against TensorFlow/MIScnn and PyTorch; {@code peer-foldwise} is its child);
 * {@code learning} runs {@link LearningBench} (an experiment's cross-validated Dice in one process, no stack);
 * {@code transfers} runs {@link TransferBench} (the artifact store's transfers, before and now, on the running MinIO).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "all" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (what) {
      case "segmentation" -> segmentation();
      case "unet" -> unet(rest);
      case "peers" -> {
        try {
          PeersBench.main(rest);
        } catch (IllegalArgumentException | IllegalStateException e) {
          System.err.println("foldwise bench peers: " + e.getMessage());
          System.exit(e instanceof IllegalArgumentException ? 2 : 1);
        }
      }
      case "peer-foldwise" -> PeerFoldwise.main(rest);
      case "learning" -> LearningBench.main(rest);
      case "train-memory" -> TrainMemoryBench.main(rest);
      case "transfers" -> {
        try {
          TransferBench.main(rest);
        } catch (IllegalArgumentException e) {
          System.err.println("foldwise bench transfers: " + e.getMessage());
          System.exit(2);
        }
      }
      case "all" -> {
        segmentation();
        unet(rest);
      }
      default -> {
        System.err.println("usage: ./foldwise bench [segmentation|unet|peers|learning|train-memory|transfers|all]; unknown bench '" + what + "'");
        System.exit(2);
      }
    }
  }

  static void segmentation() throws Exception {
    System.out.println("## Segmentation core");
    System.out.println();
    System.out.println("Machine: " + Machine.describe());
    System.out.println();
    print("NIfTI read", nifti());
    print("Resampling", ResampleBench.run());
    print("Augmentation", AugmentBench.run());
    print("Metrics and phantoms", MetricsBench.run());
  }

  /** H1's NiftiBench, called reflectively: {@code public static Map<String,Object> run(Path workDir)}. */
  private static Map<String, Object> nifti() throws Exception {
    Class<?> bench;
    try {
      bench = Class.forName("io.foldwise.bench.NiftiBench");
    } catch (ClassNotFoundException e) {
      return Map.of("status", "NiftiBench not built (bench/src/main/java/io/foldwise/bench/NiftiBench.java)");
    }
    Path work = Files.createTempDirectory("foldwise-bench-nifti");
    try {
      Method run = bench.getMethod("run", Path.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) run.invoke(null, work);
      return result;
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void unet(String[] args) throws Exception {
    Class<?> bench;
    try {
      bench = Class.forName("io.foldwise.bench.UnetBench");
    } catch (ClassNotFoundException e) {
      System.err.println("UnetBench is not built (bench/src/main/java/io/foldwise/bench/UnetBench.java)");
      System.exit(1);
      return;
    }
    bench.getMethod("main", String[].class).invoke(null, (Object) args);
  }

  private static void print(String title, Map<String, Object> rows) {
    System.out.println("### " + title);
    System.out.println();
    System.out.println("| measurement | result |");
    System.out.println("|---|---|");
    rows.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
    System.out.println();
    System.out.flush();
  }
}
