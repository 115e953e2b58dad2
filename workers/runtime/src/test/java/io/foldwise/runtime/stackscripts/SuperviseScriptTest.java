package io.foldwise.runtime.stackscripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stack/supervise.sh}, which runs every worker service of {@code stack workers up}: a worker that the
 * kernel kills is started again, a set-up failure is not retried forever, a stop stops both. The "worker" is a
 * small script that records each start and kills itself with SIGKILL, as the OOM killer does.
 */
class SuperviseScriptTest {
  private static final Path SCRIPT =
      Path.of("..", "..", "stack", "supervise.sh").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  /** A worker that runs {@code seconds}, then on its first {@code deaths} starts kills itself, else exits {@code rc}. */
  private Path worker(int seconds, int deaths, int rc) throws Exception {
    Path w = tmp.resolve("worker.sh");
    Files.writeString(w, "#!/bin/bash\n"
        + "echo \"$$\" >> '" + tmp.resolve("starts") + "'\n"
        + "n=$(wc -l < '" + tmp.resolve("starts") + "')\n"
        + "sleep " + seconds + "\n"
        + "if (( n <= " + deaths + " )); then kill -9 $$; fi\n"
        + "exit " + rc + "\n");
    assertTrue(w.toFile().setExecutable(true));
    return w;
  }

  private Process start(Map<String, String> env, Path worker) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("setsid", SCRIPT.toString(), "worker-test",
        tmp.resolve("restarts").toString(), worker.toString())
        .redirectError(tmp.resolve("log").toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    return pb.start();
  }

  private List<String> starts() throws Exception {
    Path f = tmp.resolve("starts");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  private String log() throws Exception {
    return Files.readString(tmp.resolve("log"), StandardCharsets.UTF_8);
  }

  @Test
  void aWorkerKilledByTheKernelIsStartedAgainAndCounted() throws Exception {
    // min uptime 1 s: each 2 s life counts as a healthy run, so every death is restarted
    Process p = start(Map.of("FOLDWISE_WORKER_MIN_UPTIME", "1", "FOLDWISE_WORKER_RESTART_DELAY", "1"),
        worker(2, 2, 0));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the supervisor ends once the worker exits with 0");
    assertEquals(0, p.exitValue(), log());
    assertEquals(3, starts().size(), "two deaths, two restarts:\n" + log());
    assertEquals("2", Files.readString(tmp.resolve("restarts")).trim());
    String log = log();
    assertTrue(log.contains("killed by SIGKILL (exit 137): the kernel's out-of-memory killer does this"), log);
    assertTrue(log.contains("restart 1 in 1 s") && log.contains("restart 2 in 1 s"), log);
    assertTrue(log.contains("exited with status 0; not restarting it"), log);
  }

  @Test
  void aDeathSoonAfterTheFirstStartIsASetUpProblemAndNotRetried() throws Exception {
    Process p = start(Map.of("FOLDWISE_WORKER_MIN_UPTIME", "30"), worker(0, 0, 3));
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(3, p.exitValue(), "the worker's own status comes back: " + log());
    assertEquals(1, starts().size(), log());
    assertTrue(log().contains("exited with status 3 0 s after its first start; not restarting it (a set-up problem"),
        log());
  }

  @Test
  void aKillSoonAfterTheFirstStartIsStillRestarted() throws Exception {
    // the OOM killer can strike in the first minute (a task polled at once); only an exit with a status is set-up
    Process p = start(Map.of("FOLDWISE_WORKER_MIN_UPTIME", "30", "FOLDWISE_WORKER_RESTART_DELAY", "1"),
        worker(1, 1, 0));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), log());
    assertEquals(0, p.exitValue(), log());
    assertEquals(2, starts().size(), "killed after 1 s, started again:\n" + log());
    assertTrue(log().contains("killed by SIGKILL (exit 137)") && log().contains("restart 1 in 1 s"), log());
  }

  @Test
  void repeatedQuickDeathsStopTheSupervisorWithBackOff() throws Exception {
    // the first life is long enough (3 s, minimum uptime 2 s), the next ones die at once: 3 quick deaths end it.
    // A quick death that crosses a second boundary must still count as quick (uptime is measured in ms).
    Path w = tmp.resolve("worker.sh");
    Files.writeString(w, "#!/bin/bash\n"
        + "echo \"$$\" >> '" + tmp.resolve("starts") + "'\n"
        + "if (( $(wc -l < '" + tmp.resolve("starts") + "') == 1 )); then sleep 3; fi\n"
        + "exit 7\n");
    assertTrue(w.toFile().setExecutable(true));
    Process p = start(Map.of("FOLDWISE_WORKER_MIN_UPTIME", "2", "FOLDWISE_WORKER_RESTART_DELAY", "1",
        "FOLDWISE_WORKER_MAX_QUICK_DEATHS", "3"), w);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), log());
    assertEquals(7, p.exitValue(), log());
    assertEquals(4, starts().size(), "one healthy life, then 3 quick deaths:\n" + log());
    String log = log();
    assertTrue(log.contains("restart 1 in 1 s") && log.contains("restart 2 in 1 s")
        && log.contains("restart 3 in 2 s"), "the delay doubles after a quick death:\n" + log);
    assertTrue(log.contains("the 3. death in a row within 2 s of its start; giving up"), log);
  }

  @Test
  void stoppingTheProcessGroupStopsWorkerAndSupervisorWithoutARestart() throws Exception {
    Process p = start(Map.of(), worker(300, 0, 0));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (starts().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(1, starts().size());
    long workerPid = Long.parseLong(starts().get(0).trim());
    // what stack.sh's stop_pid does: TERM to the process group (setsid made the supervisor its leader)
    new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid()).start().waitFor();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), log());
    assertEquals(0, p.exitValue(), log());
    Thread.sleep(500);
    assertFalse(ProcessHandle.of(workerPid).map(ProcessHandle::isAlive).orElse(false), "the worker is gone too");
    assertEquals(1, starts().size(), "no restart after a stop:\n" + log());
  }

  @Test
  void aBadSettingIsNamed() throws Exception {
    Process p = start(Map.of("FOLDWISE_WORKER_RESTART_DELAY", "soon"), worker(0, 0, 0));
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertTrue(log().contains("FOLDWISE_WORKER_RESTART_DELAY must be a whole number of 1..86400, got 'soon'"), log());
    assertTrue(starts().isEmpty());
  }
}
