package io.foldwise.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tables of {@code ./foldwise bench peers}: one row per framework over all its alternating rounds, and the
 * line {@code Foldwise: N.NNx the best peer (<name>)} (ratio = the best peer's s/step over Foldwise's; above 1
 * Foldwise is faster).
 */
final class PeersTable {
  static final String FOLDWISE = "foldwise";

  private PeersTable() {}

  static String displayName(String framework, boolean predict) {
    return switch (framework) {
      case FOLDWISE -> "Foldwise";
      case "tensorflow" -> predict ? "TensorFlow + MIScnn (slice_matrix / concat_matrices)" : "TensorFlow + MIScnn";
      case "pytorch" -> predict ? "PyTorch + MONAI sliding_window_inference" : "PyTorch re-implementation";
      default -> framework;
    };
  }

  /**
   * Training table. {@code runs}: per framework (in table order) its runs, one per round; {@code flops}: useful
   * FLOPs of one step (the same count for every framework); {@code sgemm}: the ceiling, GFLOP/s.
   */
  static String training(Map<String, List<PeerRun>> runs, double flops, double sgemm) {
    StringBuilder b = new StringBuilder();
    b.append("| framework | version | CPU path | parameters | s/step per round (median) | s/step (median of all) "
        + "| GFLOP/s | % of SGEMM | peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|\n");
    runs.forEach((name, list) -> {
      PeerRun first = list.get(0);
      double s = medianOfAll(list);
      double gflops = flops / s / 1e9;
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %s | %.3f | %.1f | %s | %d |%n",
          displayName(name, false), first.version(), first.fastPath(), first.parameters(),
          list.stream().map(r -> String.format(Locale.ROOT, "%.3f", r.medianStep())).collect(Collectors.joining(" / ")),
          s, gflops, Double.isNaN(sgemm) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * gflops / sgemm),
          list.stream().mapToLong(PeerRun::peakRssMib).max().orElse(-1)));
    });
    return b.toString();
  }

  /** Prediction table: wall time per round, windows and peak RSS. */
  static String prediction(Map<String, List<PeerRun>> runs) {
    StringBuilder b = new StringBuilder();
    b.append("| framework | version | windows | wall s per round | wall s (median) | peak RSS MiB |\n"
        + "|---|---|---|---|---|---|\n");
    runs.forEach((name, list) -> b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.1f | %d |%n",
        displayName(name, true), list.get(0).version(), list.get(0).windows(),
        list.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.predictSeconds())).collect(Collectors.joining(" / ")),
        PeerRun.median(list.stream().map(PeerRun::predictSeconds).toList()),
        list.stream().mapToLong(PeerRun::peakRssMib).max().orElse(-1))));
    return b.toString();
  }

  /**
   * {@code <label>: N.NNx the best peer (<name>)}, the best peer being the fastest non-Foldwise entry of
   * {@code seconds} (seconds per step or per prediction, lower is better).
   */
  static String ratioLine(String label, Map<String, Double> seconds) {
    Double own = seconds.get(FOLDWISE);
    if (own == null) {
      throw new IllegalArgumentException("no Foldwise entry among " + seconds.keySet());
    }
    Map.Entry<String, Double> best = seconds.entrySet().stream().filter(e -> !e.getKey().equals(FOLDWISE))
        .min(Map.Entry.comparingByValue())
        .orElseThrow(() -> new IllegalArgumentException("no peer to compare Foldwise with"));
    return String.format(Locale.ROOT, "%s: %.2fx the best peer (%s)", label, best.getValue() / own,
        displayName(best.getKey(), false));
  }

  /**
   * The ratio of each round alone (the alternation's point: rounds share the machine's load), over the frameworks
   * that completed that round; a round without Foldwise or without a peer is left out.
   */
  static String perRoundRatios(Map<String, List<PeerRun>> runs, boolean predict) {
    int rounds = runs.values().stream().mapToInt(List::size).max().orElse(0);
    List<String> parts = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      Map<String, Double> s = new LinkedHashMap<>();
      for (var e : runs.entrySet()) {
        if (e.getValue().size() > r) {
          PeerRun run = e.getValue().get(r);
          s.put(e.getKey(), predict ? run.predictSeconds() : run.medianStep());
        }
      }
      if (s.containsKey(FOLDWISE) && s.size() > 1) {
        String line = ratioLine("round " + (r + 1), s);
        parts.add(line.substring(0, line.indexOf(" the best peer")) + (s.size() < runs.size()
            ? " (" + String.join(", ", s.keySet()) + " only)" : ""));
      }
    }
    return String.join(", ", parts);
  }

  static double medianOfAll(List<PeerRun> runs) {
    return PeerRun.median(runs.stream().flatMap(r -> r.stepSeconds().stream()).toList());
  }
}
