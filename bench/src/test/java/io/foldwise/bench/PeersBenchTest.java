package io.foldwise.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeersBenchTest {
  @Test
  void aMissingVirtualenvNamesTheCommandThatInstallsIt(@TempDir Path dir) throws Exception {
    Path venv = dir.resolve("peers-tf2.21.0-torch2.15.0");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> PeersBench.peersPython(venv.toString()));
    assertEquals("the peers' virtualenv " + venv + " is not installed: run ./foldwise stack install peers "
        + "(TensorFlow-CPU, MIScnn, PyTorch, MONAI; about 4 GB, a few minutes, once)", e.getMessage());
    // a half-installed one (no completion marker) is refused too
    Files.createDirectories(venv.resolve("bin"));
    assertThrows(IllegalStateException.class, () -> PeersBench.peersPython(venv.toString()));
    Files.createFile(venv.resolve(".foldwise-complete"));
    assertEquals(venv.resolve("bin/python"), PeersBench.peersPython(venv.toString()));
    assertTrue(assertThrows(IllegalStateException.class, () -> PeersBench.peersPython(null)).getMessage()
        .contains("./foldwise stack install peers"));
  }

  @Test
  void optionsDefaultToTheFullPatchTwoThreadsAndAllThree() {
    PeersBench.Options o = PeersBench.Options.parse(new String[0]);
    assertTrue(o.train());
    assertFalse(o.predict());
    assertArrayEquals(new int[] {160, 160, 80}, o.patch());
    assertArrayEquals(new int[] {80, 80, 30}, o.overlap());
    assertEquals(2, o.threads());
    assertEquals(List.of("foldwise", "tensorflow", "pytorch"), o.peers());
    assertEquals(List.of("predict", "--patch", "64x64x32", "--batch", "1", "--warmup", "1", "--iterations", "2",
            "--threads", "2", "--grid", "226x226x111", "--overlap", "80,80,30"),
        PeersBench.Options.parse(new String[] {"predict", "--patch", "64x64x32", "--iterations", "2"})
            .processArgs("predict"));
  }

  @Test
  void badOptionsAreNamed() {
    assertEquals("--peers takes foldwise, tensorflow and pytorch, got 'jax'",
        assertThrows(IllegalArgumentException.class,
            () -> PeersBench.Options.parse(new String[] {"--peers", "foldwise,jax"})).getMessage());
    assertEquals("--threads must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> PeersBench.Options.parse(new String[] {"--threads", "0"})).getMessage());
    assertEquals("expected three sizes separated by 'x', got '64x64'", assertThrows(IllegalArgumentException.class,
        () -> PeersBench.Options.parse(new String[] {"--patch", "64x64"})).getMessage());
  }

  @Test
  void foldwiseRunsAsAJavaChildAndEachPeerAsItsScript() {
    List<String> tf = PeersBench.command("tensorflow", Path.of("/v/bin/python"), Path.of("/repo"), List.of("train"));
    assertEquals(List.of("/v/bin/python", "/repo/bench/src/main/python/peer_tensorflow.py", "train"), tf);
    List<String> own = PeersBench.command("foldwise", null, Path.of("/repo"), List.of("train"));
    assertEquals(List.of("io.foldwise.bench.Main", "peer-foldwise", "train"), own.subList(own.size() - 3, own.size()));
  }

  @Test
  void reportReadsTheRunsBackFromTheirLogs(@TempDir Path logs) throws Exception {
    List<String> tf = PeerRunTest.trainLines(22_587_204L, 30.0, 29.0, 31.0).stream().map(l -> "stdout: " + l).toList();
    Files.write(logs.resolve("train-tensorflow-round1.log"), tf);
    Files.write(logs.resolve("train-tensorflow-round2.log"), tf);
    Files.write(logs.resolve("train-pytorch-round1.log"), List.of("a run stopped before its end: no stdout lines"));
    var runs = PeersBench.readLogs(logs, "train", List.of("foldwise", "tensorflow", "pytorch"));
    assertEquals(List.of("tensorflow"), List.copyOf(runs.keySet()));
    assertEquals(2, runs.get("tensorflow").size());
    assertEquals(30.0, runs.get("tensorflow").get(1).medianStep());
    assertTrue(PeersBench.readLogs(logs, "predict", List.of("foldwise")).isEmpty());
  }
}
