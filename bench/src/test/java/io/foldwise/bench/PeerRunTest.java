package io.foldwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerRunTest {
  static final String MODEL = "{\"event\": \"model\", \"framework\": \"tensorflow\", \"version\": \"2.21.0\", "
      + "\"parameters\": %d, \"threads\": 2, \"fast_path\": \"oneDNN TF_ENABLE_ONEDNN_OPTS=1\"}";

  static List<String> trainLines(long parameters, double... steps) {
    List<String> l = new java.util.ArrayList<>();
    l.add("I0000 oneDNN custom operations are on."); // framework chatter on stdout is skipped
    l.add(String.format(MODEL, parameters));
    l.add("{\"event\": \"step\", \"index\": 0, \"warmup\": true, \"seconds\": 99.0}");
    for (int i = 0; i < steps.length; i++) {
      l.add("{\"event\": \"step\", \"index\": " + (i + 1) + ", \"warmup\": false, \"seconds\": " + steps[i] + "}");
    }
    l.add("{\"event\": \"done\", \"peak_rss_mib\": 6100}");
    return l;
  }

  @Test
  void parsesTheJsonLinesAndDropsTheWarmupStep() {
    PeerRun r = PeerRun.parse("tensorflow", trainLines(22_587_204L, 30.0, 29.0, 31.5));
    assertEquals("tensorflow", r.framework());
    assertEquals("2.21.0", r.version());
    assertEquals(22_587_204L, r.parameters());
    assertEquals(2, r.threads());
    assertEquals("oneDNN TF_ENABLE_ONEDNN_OPTS=1", r.fastPath());
    assertEquals(List.of(30.0, 29.0, 31.5), r.stepSeconds());
    assertEquals(30.0, r.medianStep());
    assertEquals(6100, r.peakRssMib());
    assertTrue(Double.isNaN(r.predictSeconds()));
  }

  @Test
  void parsesAPredictionAndTheSgemmLine() {
    PeerRun r = PeerRun.parse("foldwise", List.of("{\"event\": \"sgemm\", \"gflops\": 171.5}",
        "{\"event\": \"model\", \"framework\": \"foldwise\", \"version\": \"M2.1\", \"parameters\": 22587204, "
            + "\"threads\": 2, \"fast_path\": \"x\"}",
        "{\"event\": \"predict\", \"windows\": 8, \"seconds\": 41.25, \"grid\": [226, 226, 111]}",
        "{\"event\": \"done\", \"peak_rss_mib\": 2500}"));
    assertEquals(171.5, r.sgemmGflops());
    assertEquals(41.25, r.predictSeconds());
    assertEquals(8, r.windows());
    assertEquals(2500, r.peakRssMib());
  }

  @Test
  void refusesAModelWithAnotherParameterCount() {
    PeerRun r = PeerRun.parse("pytorch", trainLines(22_581_316L, 1.0));
    IllegalStateException e = assertThrows(IllegalStateException.class, r::checkParameters);
    assertEquals("tensorflow has 22,581,316 parameters, expected 22,587,204 (MIScnn's standard 3D U-Net, 4 classes, "
        + "BN moving statistics included): refusing to compare a different model", e.getMessage());
    PeerRun good = PeerRun.parse("pytorch", trainLines(22_587_204L, 1.0));
    assertEquals(good, good.checkParameters());
  }

  @Test
  void aProcessThatDiedBeforeItsDoneLineIsAnError() {
    List<String> lines = trainLines(22_587_204L, 1.0);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> PeerRun.parse("pytorch", lines.subList(0, lines.size() - 1)));
    assertEquals("pytorch: stopped before its done line (see its log for the error)", e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> PeerRun.parse("pytorch", List.of("Traceback ...")));
    assertEquals("pytorch: printed no model line (see its log for the error)", e.getMessage());
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, PeerRun.median(List.of(4.0, 1.0, 3.0, 2.0)));
    assertEquals(3.0, PeerRun.median(List.of(5.0, 1.0, 3.0)));
  }
}
