package io.foldwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/onednn-profile.py --log}: the table of a saved run, from oneDNN verbose lines and the bench's JSON step
 * events (each event ends its step: the calls before it are that step's). Runs the real script with python3.
 */
class OnednnProfileScriptTest {
  private static final Path SCRIPT = Path.of("onednn-profile.py").toAbsolutePath();
  private static final String CONV = "onednn_verbose,exec,cpu,convolution,jit:avx2,forward_training,"
      + "src_f32::blocked:acdeb:f0 wei_f32::blocked:Acdeb8a:f0,,alg:convolution_direct,mb1_ic32oc32_id80od80kd3,";
  private static final String POOL = "dnnl_verbose,exec,cpu,pooling_v2,jit:avx2,backward_data,"
      + "src_f32::blocked:acdeb:f0,,alg:pooling_max,mb1ic32_id80od40kd2,";
  private static final String TF_CONV = "onednn_verbose,v1,primitive,exec,cpu,convolution,brg_conv_fwd:avx2,"
      + "forward_training,src:f32::blocked:acdeb::f0 wei:f32:a:blocked:Acdeb16a::f0,,alg:convolution_direct,"
      + "mb1_ic32oc32_id80od80kd3,";

  private record Run(int status, String out) {}

  private static Run profile(Path dir, String framework, List<String> lines) throws IOException, InterruptedException {
    Path log = dir.resolve(framework + ".log");
    Files.write(log, lines, StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("python3", SCRIPT.toString(), "--framework", framework, "--log", log.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  private static String step(int index, boolean warmup, double seconds) {
    return "{\"event\": \"step\", \"index\": " + index + ", \"warmup\": " + warmup + ", \"seconds\": " + seconds + "}";
  }

  @Test
  void timedStepsOnlyPerKindImplementationAndLibraryWithTheTimeOutsideOneDnn(@TempDir Path dir) throws Exception {
    assertTrue(Files.isRegularFile(SCRIPT), "run from the bench module: " + SCRIPT);
    Run r = profile(dir, "foldwise", List.of(
        "onednn_verbose,info,oneDNN v2.5.2 (commit 1234)",
        "dnnl_verbose,info,oneDNN v2.3.0 (commit 5678)",
        CONV + "900.0", POOL + "50.0", // the warm-up's calls: left out
        step(0, true, 5.0),
        "12:00:01.000 [main] INFO some log line between the calls", CONV + "10.0", POOL + "2.0", step(1, false, 0.05),
        CONV + "30.0", POOL + "4.0", step(2, false, 0.07)));
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("2 timed steps after 1 warm-up; oneDNN 2.3.0 (ND4J's), 2.5.2 (direct layers)"), r.out());
    assertTrue(r.out().contains("Step wall time 0.060 s (mean of the timed steps: 0.050, 0.070 s)"), r.out());
    // per step: convolution (10 + 30) / 2 = 20 ms of 60, pooling 3 ms, outside 60 - 23 = 37 ms
    assertTrue(r.out().contains("| convolution forward | `jit:avx2` (direct layers) | 1 | 20 | 33.3% |"), r.out());
    assertTrue(r.out().contains("| pooling_v2 backward_data | `jit:avx2` (ND4J's) | 1 | 3 | 5.0% |"), r.out());
    assertTrue(r.out().contains("| **all oneDNN calls** | | 2 | 23 | 38.3% |"), r.out());
    assertTrue(r.out().contains("| **outside oneDNN** (ND4J ops, DL4J, Adam, copies) | | | 37 | 61.7% |"), r.out());
  }

  @Test
  void oneDnn3LinesOfAPeerAreReadToo(@TempDir Path dir) throws Exception {
    Run r = profile(dir, "tensorflow", List.of(
        "onednn_verbose,v1,info,oneDNN v3.7.3 (commit abcd)",
        TF_CONV + "100.0", step(0, true, 1.0),
        TF_CONV + "7.5", TF_CONV + "2.5", step(1, false, 0.04)));
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("oneDNN 3.7.3 (TensorFlow's)"), r.out());
    assertTrue(r.out().contains("| convolution forward | `brg_conv_fwd:avx2` (TensorFlow's) | 2 | 10 | 25.0% |"),
        r.out());
  }

  @Test
  void stepsWithDifferentCallsOrNoTimedStepAreRefused(@TempDir Path dir) throws Exception {
    Run uneven = profile(dir, "foldwise", List.of(
        step(0, true, 1.0), CONV + "1.0", step(1, false, 0.01), CONV + "1.0", CONV + "1.0", step(2, false, 0.01)));
    assertNotEquals(0, uneven.status());
    assertTrue(uneven.out().contains("the timed steps ran different numbers of oneDNN calls ([1, 2])"), uneven.out());

    Run none = profile(dir, "foldwise", List.of(CONV + "1.0", step(0, true, 1.0)));
    assertNotEquals(0, none.status());
    assertTrue(none.out().contains("no timed step"), none.out());

    Process missing = new ProcessBuilder("python3", SCRIPT.toString(), "--log", dir.resolve("absent.log").toString())
        .redirectErrorStream(true).start();
    String out = new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertNotEquals(0, missing.waitFor());
    assertTrue(out.contains("cannot read the log " + dir.resolve("absent.log")), out);
  }
}
