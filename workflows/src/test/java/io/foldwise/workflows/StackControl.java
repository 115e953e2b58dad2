package io.foldwise.workflows;

import io.foldwise.runtime.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Stops one server of the test stack and brings it back with the project's own {@code stack up}. */
final class StackControl {
  private final Settings settings;

  StackControl(Settings settings) {
    this.settings = settings;
  }

  /** The pid of the profile's server for {@code service} (postgres, redis, minio, conductor, mlflow). */
  long pid(String service) throws Exception {
    String out = bash("source stack/lib.sh; load_profile '" + settings.profile() + "'; svc_pid " + service).trim();
    if (!out.matches("\\d+")) {
      throw new IllegalStateException(service + " of profile " + settings.profile() + " is not running: '" + out + "'");
    }
    return Long.parseLong(out);
  }

  /** Stops a server (SIGINT for PostgreSQL's fast shutdown, SIGTERM otherwise) and waits until it is gone. */
  void stop(String service) throws Exception {
    long pid = pid(service);
    bash("kill -" + (service.equals("postgres") ? "INT" : "TERM") + " " + pid + "; for i in $(seq 1 120); do "
        + "kill -0 " + pid + " 2>/dev/null || exit 0; sleep 0.5; done; kill -KILL " + pid);
  }

  /** {@code stack/stack.sh up --profile <profile>}: starts what is not running and waits until healthy. */
  void up() throws Exception {
    bash("stack/stack.sh up --profile '" + settings.profile() + "' >&2");
  }

  private String bash(String script) throws IOException, InterruptedException {
    Path root = settings.root();
    Process p = new ProcessBuilder("bash", "-c", script).directory(root.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + script);
    }
    if (p.exitValue() != 0 && !script.startsWith("source")) {
      throw new IllegalStateException("failed (" + p.exitValue() + "): " + script);
    }
    return out;
  }
}
