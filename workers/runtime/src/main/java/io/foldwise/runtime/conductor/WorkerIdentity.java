package io.foldwise.runtime.conductor;

import io.foldwise.runtime.config.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who runs a worker process: the host it runs on ({@value #HOST}, default this machine's host name) and the
 * worker id it polls Conductor with ({@value #ID}, default {@code <host>/<pid>}), which Conductor records on
 * every task it hands out. Several hosts share one stack; these two settings tell their workers apart in
 * Conductor ({@code workerId} per task) and in MLflow (the fold runs' {@code foldwise.host} and
 * {@code foldwise.worker_id} tags).
 */
public record WorkerIdentity(String host, String id) {
  public static final String HOST = "FOLDWISE_WORKER_HOST";
  public static final String ID = "FOLDWISE_WORKER_ID";
  private static final String ALLOWED = "[A-Za-z0-9._:@/-]{1,200}";

  public WorkerIdentity {
    check(HOST, Objects.requireNonNull(host, "host == null"));
    check(ID, Objects.requireNonNull(id, "id == null"));
  }

  /** The identity from a profile's settings (file or environment). */
  public static WorkerIdentity of(Settings settings) {
    return of(settings::optional);
  }

  /** The identity from environment-like values (for workers run without a profile, e.g. in unit tests). */
  public static WorkerIdentity of(Map<String, String> env) {
    return of(key -> Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty()));
  }

  private static WorkerIdentity of(Function<String, Optional<String>> values) {
    String host = values.apply(HOST).orElseGet(WorkerIdentity::machineName);
    String id = values.apply(ID).orElse(host + "/" + ProcessHandle.current().pid());
    return new WorkerIdentity(host, id);
  }

  /** The kernel's host name (no DNS look-up, which can hang on a host without a resolver), else Java's. */
  static String machineName() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask Java below
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void check(String key, String value) {
    if (!value.matches(ALLOWED)) {
      throw new IllegalArgumentException(key + " must be 1 to 200 of the characters A-Z a-z 0-9 . _ : @ / -, got '"
          + value + "'; set it in the environment or the profile's stack/<profile>.env");
    }
  }
}
