package io.foldwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one peer process of {@code ./foldwise bench peers} reported: the JSON lines it printed on stdout (see
 * {@code bench/src/main/python/peers_common.py}); other lines (framework logs) are ignored.
 *
 * @param stepSeconds timed training steps, warm-up excluded (empty for a prediction run)
 * @param predictSeconds wall time of the prediction, or NaN for a training run
 * @param sgemmGflops the SGEMM ceiling measured in the process (Foldwise's), or NaN
 */
record PeerRun(String framework, String version, long parameters, int threads, String fastPath,
    List<Double> stepSeconds, double predictSeconds, int windows, double sgemmGflops, long peakRssMib) {

  /** MIScnn's standard 3D U-Net with 4 classes, batch-norm moving statistics included (Keras' count). */
  static final long EXPECTED_PARAMETERS = 22_587_204L;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses a process's stdout; {@code name} labels errors. */
  static PeerRun parse(String name, List<String> lines) {
    String framework = name;
    String version = "?";
    String fastPath = "";
    long parameters = -1;
    int threads = -1;
    long peak = -1;
    int windows = 0;
    double predict = Double.NaN;
    double sgemm = Double.NaN;
    boolean done = false;
    List<Double> steps = new ArrayList<>();
    for (String line : lines) {
      String t = line.strip();
      if (!t.startsWith("{")) {
        continue;
      }
      JsonNode n;
      try {
        n = JSON.readTree(t);
      } catch (Exception e) {
        throw new IllegalStateException(name + ": unreadable JSON line '" + t + "': " + e.getMessage(), e);
      }
      switch (n.path("event").asText()) {
        case "model" -> {
          framework = n.path("framework").asText(name);
          version = n.path("version").asText("?");
          parameters = n.path("parameters").asLong(-1);
          threads = n.path("threads").asInt(-1);
          fastPath = n.path("fast_path").asText("");
        }
        case "sgemm" -> sgemm = n.path("gflops").asDouble(Double.NaN);
        case "step" -> {
          if (!n.path("warmup").asBoolean(false)) {
            steps.add(n.path("seconds").asDouble());
          }
        }
        case "predict" -> {
          predict = n.path("seconds").asDouble();
          windows = n.path("windows").asInt();
        }
        case "done" -> {
          peak = n.path("peak_rss_mib").asLong(-1);
          done = true;
        }
        default -> { }
      }
    }
    if (parameters < 0) {
      throw new IllegalStateException(name + ": printed no model line (see its log for the error)");
    }
    if (!done) {
      throw new IllegalStateException(name + ": stopped before its done line (see its log for the error)");
    }
    return new PeerRun(framework, version, parameters, threads, fastPath, List.copyOf(steps), predict, windows,
        sgemm, peak);
  }

  /** Refuses a model that is not MIScnn's U-Net: its speed would not be comparable. */
  PeerRun checkParameters() {
    if (parameters != EXPECTED_PARAMETERS) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s has %,d parameters, expected %,d (MIScnn's standard 3D U-Net, 4 classes, BN moving statistics "
              + "included): refusing to compare a different model", framework, parameters, EXPECTED_PARAMETERS));
    }
    return this;
  }

  /** Median of the timed steps. */
  double medianStep() {
    if (stepSeconds.isEmpty()) {
      throw new IllegalStateException(framework + ": no timed training step");
    }
    return median(stepSeconds);
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
