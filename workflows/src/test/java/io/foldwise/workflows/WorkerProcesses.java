package io.foldwise.workflows;

import io.foldwise.runtime.config.Settings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The six worker services as separate JVM processes, started from their built class paths
 * ({@code workers/<stage>/target/<jar>} + {@code target/lib/*}), each logging to
 * {@code workflows/target/worker-logs/<stage>.log}. One shared set per test JVM.
 */
final class WorkerProcesses {
  static final List<String> STAGES = List.of("download", "explore", "preprocess", "train", "evaluate", "aggregate");
  private static WorkerProcesses shared;

  private final Settings settings;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Path logs;

  private WorkerProcesses(Settings settings) throws IOException {
    this.settings = settings;
    this.logs = Files.createDirectories(Path.of("target/worker-logs").toAbsolutePath());
  }

  /** The shared worker set, started on first use and stopped when the test JVM exits. */
  static synchronized WorkerProcesses shared(Settings settings) throws IOException {
    if (shared == null) {
      shared = new WorkerProcesses(settings);
      for (String stage : STAGES) {
        shared.start(stage);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stopAll, "stop-e2e-workers"));
    }
    return shared;
  }

  synchronized void start(String stage) throws IOException {
    start(stage, Map.of());
  }

  /** Starts a worker with extra environment (e.g. a settings override such as FOLDWISE_MLFLOW_PORT). */
  synchronized void start(String stage, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(settings, stage, List.of()))
        .directory(settings.root().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(stage + ".log").toFile()));
    pb.environment().put("FOLDWISE_PROFILE", settings.profile());
    pb.environment().put("FOLDWISE_ROOT", settings.root().toString());
    pb.environment().putAll(env);
    processes.put(stage, pb.start());
  }

  /** The java command of a worker service from its built class path, with extra JVM options. */
  static List<String> command(Settings settings, String stage, List<String> jvmOptions) throws IOException {
    Path module = settings.root().resolve("workers").resolve(stage);
    Path jar;
    try (Stream<Path> files = Files.list(module.resolve("target"))) {
      jar = files.filter(p -> p.getFileName().toString().matches("foldwise-worker-" + stage + "-.*\\.jar")
          && !p.getFileName().toString().endsWith("-tests.jar")).findFirst().orElseThrow(() ->
          new IllegalStateException("no built jar in " + module.resolve("target") + "; build with mvn -B install"));
    }
    Path lib = module.resolve("target/lib");
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(lib + " is missing; the module's package phase copies its class path there");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String heap = stage.equals("train") || stage.equals("evaluate") ? "-Xmx2g" : "-Xmx512m";
    List<String> command = new ArrayList<>(List.of(java, heap, "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", jar + File.pathSeparator + lib + File.separator + "*",
        "io.foldwise.worker." + stage + ".Main"));
    return command;
  }

  /** Kills a worker the hard way (SIGKILL: no shutdown hook, no task update), as a crash would. */
  synchronized void kill(String stage) throws InterruptedException {
    Process p = processes.remove(stage);
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  synchronized boolean alive(String stage) {
    Process p = processes.get(stage);
    return p != null && p.isAlive();
  }

  Path log(String stage) {
    return logs.resolve(stage + ".log");
  }

  synchronized void stopAll() {
    stop(processes.values());
    processes.clear();
  }

  /** Asks every process to stop (SIGTERM: shutdown hooks run), then kills what is still there after 15 s. */
  static void stop(Collection<Process> processes) {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
