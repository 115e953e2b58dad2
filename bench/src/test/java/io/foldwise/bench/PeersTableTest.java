package io.foldwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeersTableTest {
  private static PeerRun train(String framework, long peak, double... steps) {
    List<Double> s = new java.util.ArrayList<>();
    for (double v : steps) {
      s.add(v);
    }
    return new PeerRun(framework, "v1", 22_587_204L, 2, "oneDNN", s, Double.NaN, 0, Double.NaN, peak);
  }

  private static PeerRun predict(String framework, double seconds, long peak) {
    return new PeerRun(framework, "v1", 22_587_204L, 2, "oneDNN", List.of(), seconds, 8, Double.NaN, peak);
  }

  @Test
  void ratioIsTheBestPeersTimeOverFoldwises() {
    Map<String, Double> s = new LinkedHashMap<>();
    s.put("foldwise", 10.0);
    s.put("tensorflow", 29.3);
    s.put("pytorch", 33.8);
    assertEquals("Foldwise: 2.93x the best peer (TensorFlow + MIScnn)", PeersTable.ratioLine("Foldwise", s));
    s.put("pytorch", 5.0);
    assertEquals("Foldwise: 0.50x the best peer (PyTorch re-implementation)", PeersTable.ratioLine("Foldwise", s));
  }

  @Test
  void ratioNeedsFoldwiseAndAPeer() {
    assertEquals("no Foldwise entry among [tensorflow]",
        assertThrows(IllegalArgumentException.class, () -> PeersTable.ratioLine("x", Map.of("tensorflow", 1.0)))
            .getMessage());
    assertEquals("no peer to compare Foldwise with",
        assertThrows(IllegalArgumentException.class, () -> PeersTable.ratioLine("x", Map.of("foldwise", 1.0)))
            .getMessage());
  }

  @Test
  void trainingTableHasOneRowPerFrameworkOverAllRounds() {
    Map<String, List<PeerRun>> runs = new LinkedHashMap<>();
    runs.put("foldwise", List.of(train("foldwise", 7600, 10, 11, 12), train("foldwise", 7700, 9, 10, 14)));
    runs.put("tensorflow", List.of(train("tensorflow", 6100, 30, 29, 31), train("tensorflow", 6050, 28, 29, 35)));
    // 300 GFLOP per step, SGEMM 150 GFLOP/s: Foldwise's median of all steps is 10.5 s -> 28.6 GFLOP/s = 19.0%
    String table = PeersTable.training(runs, 300e9, 150);
    String[] lines = table.split("\n");
    assertEquals(4, lines.length, table);
    assertEquals("| Foldwise | v1 | oneDNN | 22,587,204 | 11.000 / 10.000 | 10.500 | 28.6 | 19.0% | 7700 |", lines[2]);
    assertEquals("| TensorFlow + MIScnn | v1 | oneDNN | 22,587,204 | 30.000 / 29.000 | 29.500 | 10.2 | 6.8% | 6100 |",
        lines[3]);
    assertEquals("round 1: 2.73x, round 2: 2.90x", PeersTable.perRoundRatios(runs, false));
    assertTrue(PeersTable.training(runs, 300e9, Double.NaN).contains("| n/a |"));
    // a run stopped during round 2: that round compares the frameworks that finished it
    runs.put("pytorch", List.of(train("pytorch", 5200, 40, 41, 42)));
    assertEquals("round 1: 2.73x, round 2: 2.90x (foldwise, tensorflow only)", PeersTable.perRoundRatios(runs, false));
  }

  @Test
  void predictionTableNamesEachSlidingWindow() {
    Map<String, List<PeerRun>> runs = new LinkedHashMap<>();
    runs.put("foldwise", List.of(predict("foldwise", 40.0, 2500)));
    runs.put("pytorch", List.of(predict("pytorch", 60.0, 3000)));
    String[] lines = PeersTable.prediction(runs).split("\n");
    assertEquals("| Foldwise | v1 | 8 | 40.0 | 40.0 | 2500 |", lines[2]);
    assertEquals("| PyTorch + MONAI sliding_window_inference | v1 | 8 | 60.0 | 60.0 | 3000 |", lines[3]);
    assertEquals("round 1: 1.50x", PeersTable.perRoundRatios(runs, true));
  }
}
