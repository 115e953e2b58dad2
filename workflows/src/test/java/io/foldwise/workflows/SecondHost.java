package io.foldwise.workflows;

import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.common.metadata.tasks.PollData;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.conductor.Conductor;
import io.foldwise.runtime.conductor.WorkerIdentity;
import io.foldwise.runtime.testing.TcpProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second worker host inside this machine, for the multi-host drill. It is a network namespace made by
 * {@code stack/netns.sh}, joined to this machine by a veth pair whose two addresses exist only here
 * ({@code 10.231.x.y/30}, derived from the Conductor port so stacks on other ports get their own). The stack keeps
 * listening on loopback; forwarders on the pair's host-side address carry the three services a worker needs
 * (Conductor, MinIO, MLflow) on their usual ports, so the namespace's workers, whose own loopback is empty,
 * reach the stack only over that network. Its workers have their own data and temp directories, host tag
 * {@value #HOST_TAG} and worker ids {@code foldwise-host-b/<stage>}.
 *
 * <p>When the machine refuses network namespaces (not root, no iproute2, a sandbox without them) it falls back
 * to separate processes on loopback, still with their own directories and worker ids, and says so in
 * {@link #fallbackReason()}.
 */
final class SecondHost implements AutoCloseable {
  static final String HOST_TAG = "foldwise-host-b";

  private final Settings settings;
  private final String namespace;
  private final String hostAddress;
  private final String nsAddress;
  private final String fallbackReason;
  private final Path dir;
  private final Path logs;
  private final List<TcpProxy> proxies = new ArrayList<>();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Thread hook = new Thread(this::close, "stop-second-host");
  private boolean closed;

  private SecondHost(Settings settings, String namespace, String hostAddress, String nsAddress, String fallbackReason,
      Path dir) throws IOException {
    this.settings = settings;
    this.namespace = namespace;
    this.hostAddress = hostAddress;
    this.nsAddress = nsAddress;
    this.fallbackReason = fallbackReason;
    this.dir = dir;
    this.logs = Files.createDirectories(Path.of("target/worker-logs").toAbsolutePath());
  }

  /**
   * Makes the namespace (after removing what an interrupted run left) and the forwarders, or settles for the
   * fallback; {@link #close} (also run at JVM exit) removes everything again.
   */
  static SecondHost open(Settings settings) throws Exception {
    int port = settings.port("FOLDWISE_CONDUCTOR_PORT");
    int slot = port % 16384; // one /30 of 10.231.0.0/16 per Conductor port
    String net = "10.231." + (slot / 64) + ".";
    int base = (slot % 64) * 4;
    String namespace = "fw" + port;
    Path dir = Path.of("target/host-b").toAbsolutePath();
    deleteTree(dir); // a fresh machine: nothing left from an earlier drill
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("tmp"));
    Run up = run(settings, List.of(settings.root().resolve("stack/netns.sh").toString(), "up", namespace,
        net + (base + 1) + "/30", net + (base + 2) + "/30"));
    String fallback = null;
    if (up.status == 3) {
      fallback = up.output.strip();
    } else if (up.status != 0) {
      throw new IllegalStateException("stack/netns.sh up " + namespace + " failed (" + up.status + "): " + up.output);
    }
    SecondHost host = new SecondHost(settings, fallback == null ? namespace : null, net + (base + 1),
        net + (base + 2), fallback, dir);
    Runtime.getRuntime().addShutdownHook(host.hook);
    if (fallback == null) {
      try {
        InetAddress listen = InetAddress.getByName(host.hostAddress);
        for (String key : List.of("FOLDWISE_CONDUCTOR_PORT", "FOLDWISE_MINIO_PORT", "FOLDWISE_MLFLOW_PORT")) {
          int p = settings.port(key);
          host.proxies.add(new TcpProxy(listen, p, p).start());
        }
      } catch (IOException | RuntimeException e) {
        host.close();
        throw e;
      }
    }
    return host;
  }

  /** Null inside a namespace; otherwise why the machine refused one (the drill then runs plain processes). */
  String fallbackReason() {
    return fallbackReason;
  }

  boolean isolated() {
    return fallbackReason == null;
  }

  /** The address the second host reaches the stack at: the pair's host side, or loopback in the fallback. */
  String stackAddress() {
    return isolated() ? hostAddress : settings.host();
  }

  String workerId(String stage) {
    return HOST_TAG + "/" + stage;
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  Path log(String stage) {
    return logs.resolve("host-b-" + stage + ".log");
  }

  /**
   * Starts a worker service on the second host, pointed at {@link #stackAddress}, with its own directories and id,
   * and extra environment (e.g. OMP_NUM_THREADS).
   */
  synchronized void start(String stage, Map<String, String> extraEnv) throws IOException {
    List<String> command = new ArrayList<>();
    if (isolated()) {
      command.addAll(List.of("ip", "netns", "exec", namespace));
    }
    command.addAll(WorkerProcesses.command(settings, stage, List.of("-Djava.io.tmpdir=" + dir.resolve("tmp"))));
    ProcessBuilder pb = new ProcessBuilder(command).directory(settings.root().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log(stage).toFile()));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.matches("FOLDWISE_[A-Z]+_HOST")); // per-service host overrides would bypass the pair
    env.put("FOLDWISE_PROFILE", settings.profile());
    env.put("FOLDWISE_ROOT", settings.root().toString());
    env.put("FOLDWISE_HOST", stackAddress());
    env.put("FOLDWISE_DATA_DIR", dataDir().toString());
    env.put(WorkerIdentity.HOST, HOST_TAG);
    env.put(WorkerIdentity.ID, workerId(stage));
    env.putAll(extraEnv);
    processes.put(stage, pb.start());
  }

  /** Waits until the stage's worker on this host has polled Conductor for its task type (it is ready for work). */
  void awaitPolling(String stage, String taskType, long sinceMillis, long timeoutMillis) throws Exception {
    TaskClient tasks = new TaskClient(Conductor.client(settings));
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      for (PollData p : tasks.getPollData(taskType)) {
        if (workerId(stage).equals(p.getWorkerId()) && p.getLastPollTime() >= sinceMillis) {
          return;
        }
      }
      Process proc;
      synchronized (this) {
        proc = processes.get(stage);
      }
      if (proc == null || !proc.isAlive()) {
        throw new IllegalStateException("the second host's " + stage + " worker exited before polling; log "
            + log(stage) + ":\n" + tail(log(stage)));
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the second host's " + stage + " worker did not poll " + taskType + " within "
        + timeoutMillis / 1000 + " s; log " + log(stage) + ":\n" + tail(log(stage)));
  }

  /** Whether a TCP connection from inside the namespace to {@code address:port} succeeds (within 5 s). */
  boolean reaches(String address, int port) throws Exception {
    if (!isolated()) {
      throw new IllegalStateException("no namespace: " + fallbackReason);
    }
    return run(settings, List.of("ip", "netns", "exec", namespace, "timeout", "5", "bash", "-c",
        "exec 3<>/dev/tcp/" + address + "/" + port)).status == 0;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    WorkerProcesses.stop(processes.values());
    processes.clear();
    proxies.forEach(TcpProxy::close);
    proxies.clear();
    if (namespace != null) {
      try {
        Run down = run(settings, List.of(settings.root().resolve("stack/netns.sh").toString(), "down", namespace));
        if (down.status != 0) {
          System.err.println("stack/netns.sh down " + namespace + " failed (" + down.status + "): " + down.output);
        }
      } catch (Exception e) {
        System.err.println("stack/netns.sh down " + namespace + " failed: " + e);
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down (this is the hook)
    }
  }

  private record Run(int status, String output) {}

  private static Run run(Settings settings, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(settings.root().toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out after 60 s: " + String.join(" ", command));
    }
    return new Run(p.exitValue(), out);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
