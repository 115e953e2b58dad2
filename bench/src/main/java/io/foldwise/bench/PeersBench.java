package io.foldwise.bench;

import io.foldwise.unet.config.UnetConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./foldwise bench peers [train] [predict] [--patch XxYxZ] [--batch N] [--iterations N] [--warmup N]
 * [--rounds R] [--threads T] [--grid XxYxZ] [--overlap X,Y,Z] [--peers foldwise,tensorflow,pytorch]}
 * (issue 10): Foldwise, TensorFlow with MIScnn's own U-Net and PyTorch with a re-implementation, each in its own
 * process, one after the other in every round (alternating, so a change in the machine's load hits all of
 * them), with the same threads; prints one Markdown table per mode and the ratio of Foldwise to the best peer.
 * The peers run from the virtualenv {@code ./foldwise stack install peers} makes ({@code $FOLDWISE_PEERS_VENV},
 * set by the launcher); their scripts are {@code bench/src/main/python/peer_*.py}.
 */
final class PeersBench {
  static final String INSTALL_COMMAND = "./foldwise stack install peers";
  static final String MARKER = ".foldwise-complete";

  private PeersBench() {}

  record Options(boolean report, boolean train, boolean predict, int[] patch, int batch, int iterations, int warmup, int rounds,
      int threads, int[] grid, int[] overlap, List<String> peers) {

    static Options parse(String[] args) {
      boolean report = false;
      boolean train = false;
      boolean predict = false;
      int[] patch = PeerFoldwise.PeerOptions.PATCH.clone();
      int[] grid = PeerFoldwise.PeerOptions.GRID.clone();
      int[] overlap = PeerFoldwise.PeerOptions.OVERLAP.clone();
      int batch = 1;
      int iterations = 3;
      int warmup = 1;
      int rounds = 2;
      int threads = 2;
      List<String> peers = List.of(PeersTable.FOLDWISE, "tensorflow", "pytorch");
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("train")) {
          train = true;
          continue;
        }
        if (a.equals("predict")) {
          predict = true;
          continue;
        }
        if (a.equals("report")) {
          report = true;
          continue;
        }
        if (!a.startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("usage: ./foldwise bench peers [train] [predict] [report] [--patch XxYxZ] "
              + "[--batch N] [--iterations N] [--warmup N] [--rounds R] [--threads T] [--grid XxYxZ] "
              + "[--overlap X,Y,Z] [--peers foldwise,tensorflow,pytorch]; unknown '" + a + "'");
        }
        String v = args[++i];
        switch (a) {
          case "--patch" -> patch = shape(v, "x");
          case "--grid" -> grid = shape(v, "x");
          case "--overlap" -> overlap = shape(v, ",");
          case "--batch" -> batch = positive(a, v);
          case "--iterations" -> iterations = positive(a, v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--rounds" -> rounds = positive(a, v);
          case "--threads" -> threads = positive(a, v);
          case "--peers" -> peers = List.of(v.split(","));
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      for (String p : peers) {
        if (!List.of(PeersTable.FOLDWISE, "tensorflow", "pytorch").contains(p)) {
          throw new IllegalArgumentException("--peers takes foldwise, tensorflow and pytorch, got '" + p + "'");
        }
      }
      if (!train && !predict) {
        train = true;
      }
      return new Options(report, train, predict, patch, batch, iterations, warmup, rounds, threads, grid, overlap, peers);
    }

    /** The options every peer process understands (peers_common.py, PeerFoldwise.PeerOptions). */
    List<String> processArgs(String mode) {
      return List.of(mode, "--patch", join(patch, "x"), "--batch", "" + batch, "--warmup", "" + warmup,
          "--iterations", "" + iterations, "--threads", "" + threads, "--grid", join(grid, "x"),
          "--overlap", join(overlap, ","));
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Map<String, String> env = System.getenv();
    if (o.report()) {
      report(o, Path.of(env.getOrDefault("FOLDWISE_ROOT", ".")).resolve("target/peers"));
      return;
    }
    Path python = null;
    if (o.peers().stream().anyMatch(p -> !p.equals(PeersTable.FOLDWISE))) {
      python = peersPython(env.get("FOLDWISE_PEERS_VENV"));
    }
    Path root = Path.of(env.getOrDefault("FOLDWISE_ROOT", "."));
    Path logs = root.resolve("target/peers");
    Files.createDirectories(logs);
    String loadStart = loadAverage();
    System.out.println("### Peers (" + Machine.describe() + ")");
    System.out.println();
    System.out.printf(Locale.ROOT, "Threads %d for every framework (OMP_NUM_THREADS; TF intra-op, inter-op 1; "
        + "torch.set_num_threads, interop 1); %d alternating round(s) of %s; load average at start %s%n%n",
        o.threads(), o.rounds(), String.join(" → ", o.peers()), loadStart);
    for (String mode : o.train() ? (o.predict() ? List.of("train", "predict") : List.of("train")) : List.of("predict")) {
      Map<String, List<PeerRun>> runs = new LinkedHashMap<>();
      o.peers().forEach(p -> runs.put(p, new ArrayList<>()));
      for (int r = 1; r <= o.rounds(); r++) {
        for (String peer : o.peers()) {
          Path log = logs.resolve(mode + "-" + peer + "-round" + r + ".log");
          List<String> command = command(peer, python, root, o.processArgs(mode));
          System.err.printf(Locale.ROOT, "peers: %s round %d/%d: %s (log %s)%n", mode, r, o.rounds(), peer, log);
          PeerRun run = run(peer, command, o.threads(), log).checkParameters();
          System.err.printf(Locale.ROOT, "peers:   %s%n", mode.equals("train")
              ? String.format(Locale.ROOT, "median %.3f s/step of %s, peak RSS %d MiB", run.medianStep(),
                  run.stepSeconds(), run.peakRssMib())
              : String.format(Locale.ROOT, "%.1f s, %d windows, peak RSS %d MiB", run.predictSeconds(), run.windows(),
                  run.peakRssMib()));
          runs.get(peer).add(run);
        }
      }
      print(mode, o, runs);
    }
    System.out.println("Load average at start " + loadStart + ", at end " + loadAverage());
  }

  private static void print(String mode, Options o, Map<String, List<PeerRun>> runs) {
    List<Double> ceilings = runs.getOrDefault(PeersTable.FOLDWISE, List.of()).stream()
        .map(PeerRun::sgemmGflops).filter(d -> !Double.isNaN(d)).toList();
    double sgemm = ceilings.isEmpty() ? Double.NaN : PeerRun.median(ceilings);
    Map<String, Double> seconds = new LinkedHashMap<>();
    if (mode.equals("train")) {
      UnetConfig model = UnetConfig.miscnn().withPatchShape(o.patch());
      double flops = UnetFlops.trainingStep(model, o.batch());
      System.out.printf(Locale.ROOT, "#### Training step, patch %s (x,y,z), batch %d, %d timed steps after %d warm-up "
          + "per round%n%n", join(o.patch(), "x"), o.batch(), o.iterations(), o.warmup());
      System.out.printf(Locale.ROOT, "GFLOP/s from Foldwise's analytic count (UnetFlops: %.1f GFLOP per step, the "
          + "same for every framework); SGEMM ceiling (ND4J, 2048x2048 FP32, in each Foldwise process): %s GFLOP/s "
          + "(median %s)%n%n", flops / 1e9, ceilings.stream().map(c -> String.format(Locale.ROOT, "%.1f", c)).toList(),
          Double.isNaN(sgemm) ? "n/a" : String.format(Locale.ROOT, "%.1f", sgemm));
      System.out.print(PeersTable.training(runs, flops, sgemm));
      runs.forEach((k, v) -> seconds.put(k, PeersTable.medianOfAll(v)));
    } else {
      System.out.printf(Locale.ROOT, "#### Prediction of a %s grid, windows %s, overlap %s (x,y,z), batch 1%n%n",
          join(o.grid(), "x"), join(o.patch(), "x"), join(o.overlap(), ","));
      System.out.print(PeersTable.prediction(runs));
      runs.forEach((k, v) -> seconds.put(k, PeerRun.median(v.stream().map(PeerRun::predictSeconds).toList())));
    }
    System.out.println();
    if (seconds.containsKey(PeersTable.FOLDWISE) && seconds.size() > 1) {
      System.out.println(PeersTable.ratioLine(mode.equals("train") ? "Foldwise" : "Foldwise prediction", seconds)
          + "; per round: " + PeersTable.perRoundRatios(runs, mode.equals("predict")));
      System.out.println();
    }
    System.out.flush();
  }

  /**
   * {@code report}: the tables again from the logs a run left in {@code target/peers} (each log ends with its
   * process's stdout), e.g. after a run was stopped between rounds; {@code --patch} and {@code --batch} must be
   * the run's (the FLOP count).
   */
  static void report(Options o, Path logs) throws IOException {
    for (String mode : List.of("train", "predict")) {
      Map<String, List<PeerRun>> runs = readLogs(logs, mode, o.peers());
      if (!runs.isEmpty()) {
        print(mode, o, runs);
      }
    }
  }

  /** Runs of one mode found in {@code logs}, per peer in {@code peers} order, round by round (complete ones). */
  static Map<String, List<PeerRun>> readLogs(Path logs, String mode, List<String> peers) throws IOException {
    Map<String, List<PeerRun>> runs = new LinkedHashMap<>();
    for (String peer : peers) {
      List<PeerRun> list = new ArrayList<>();
      for (int r = 1; Files.exists(logs.resolve(mode + "-" + peer + "-round" + r + ".log")); r++) {
        List<String> out = Files.readAllLines(logs.resolve(mode + "-" + peer + "-round" + r + ".log"),
            StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("stdout: ")).map(l -> l.substring(8)).toList();
        if (out.isEmpty()) {
          break; // a round that was stopped before it finished
        }
        list.add(PeerRun.parse(peer, out).checkParameters());
      }
      if (!list.isEmpty()) {
        runs.put(peer, list);
      }
    }
    return runs;
  }

  /** The peers' Python, or an error naming the command that installs it. */
  static Path peersPython(String venv) {
    if (venv == null || venv.isBlank()) {
      throw new IllegalStateException("FOLDWISE_PEERS_VENV is not set: run the peers through ./foldwise bench peers "
          + "(install them first with " + INSTALL_COMMAND + ")");
    }
    Path dir = Path.of(venv);
    if (!Files.exists(dir.resolve(MARKER))) {
      throw new IllegalStateException("the peers' virtualenv " + dir + " is not installed: run " + INSTALL_COMMAND
          + " (TensorFlow-CPU, MIScnn, PyTorch, MONAI; about 4 GB, a few minutes, once)");
    }
    return dir.resolve("bin/python");
  }

  static List<String> command(String peer, Path python, Path root, List<String> args) {
    List<String> c = new ArrayList<>();
    if (peer.equals(PeersTable.FOLDWISE)) {
      c.add(ProcessHandle.current().info().command().orElse("java"));
      c.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      c.add("-cp");
      c.add(System.getProperty("java.class.path"));
      c.add(Main.class.getName());
      c.add("peer-foldwise");
    } else {
      c.add(python.toString());
      c.add(root.resolve("bench/src/main/python/peer_" + peer + ".py").toString());
    }
    c.addAll(args);
    return c;
  }

  private static PeerRun run(String peer, List<String> command, int threads, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("OMP_NUM_THREADS", "" + threads);
    env.put("MKL_NUM_THREADS", "" + threads);
    env.put("TF_ENABLE_ONEDNN_OPTS", "1"); // TF 2.21 leaves oneDNN off on AVX2 without it (6.7x slower)
    env.put("TF_USE_LEGACY_KERAS", "1");
    if ("AVX2".equals(System.getenv("ONEDNN_MAX_CPU_ISA"))) { // FOLDWISE_NATIVE=avx2: the peers kept to AVX2 too
      env.put("ATEN_CPU_CAPABILITY", "avx2"); // PyTorch's own kernels; both peers' oneDNN read ONEDNN_MAX_CPU_ISA
    }
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
        if (line.contains("\"event\": \"step\"")) {
          System.err.println("peers:   " + peer + " " + line);
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(peer + " exited with " + exit + "; its log: " + log + "\n" + tail(log));
    }
    Files.write(log, lines.stream().map(l -> "stdout: " + l).toList(), StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    return PeerRun.parse(peer, lines);
  }

  private static String tail(Path log) {
    try {
      List<String> l = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
    } catch (IOException e) {
      return "unknown";
    }
  }

  static int[] shape(String text, String sep) {
    String[] parts = text.split(sep.equals("x") ? "x" : ",");
    if (parts.length != 3) {
      throw new IllegalArgumentException("expected three sizes separated by '" + sep + "', got '" + text + "'");
    }
    int[] s = new int[3];
    for (int i = 0; i < 3; i++) {
      s[i] = Integer.parseInt(parts[i].trim());
    }
    return s;
  }

  private static int positive(String option, String value) {
    int v = Integer.parseInt(value);
    if (v < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + v);
    }
    return v;
  }

  private static String join(int[] s, String sep) {
    return s[0] + sep + s[1] + sep + s[2];
  }
}
