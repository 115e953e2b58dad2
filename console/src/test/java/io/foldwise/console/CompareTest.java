package io.foldwise.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.experiment.ExperimentConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compare page's pieces: settings flattened key by key, the changed ones, the metric rows. */
class CompareTest {
  private static ExperimentConfig smoke() {
    return ExperimentConfig.load(Path.of("").toAbsolutePath().getParent().resolve("experiments/phantom-smoke.yaml"));
  }

  @SuppressWarnings("unchecked")
  private static ExperimentConfig withEpochs(ExperimentConfig base, String name, int epochs) {
    Map<String, Object> map = new HashMap<>(base.toMap());
    map.put("name", name);
    Map<String, Object> training = new HashMap<>((Map<String, Object>) map.get("training"));
    training.put("epochs", epochs);
    map.put("training", training);
    return ExperimentConfig.fromMap(map, name);
  }

  @Test
  void settingsAreFlattenedToDottedKeysWithoutTheDescription() {
    Map<String, String> flat = Compare.flatten(smoke());
    assertEquals("phantom-smoke", flat.get("name"));
    assertEquals(String.valueOf(smoke().training().epochs()), flat.get("training.epochs"));
    assertTrue(flat.keySet().stream().noneMatch(k -> k.startsWith("description")), flat.keySet().toString());
    assertTrue(flat.keySet().stream().allMatch(k -> !k.isEmpty() && !k.endsWith(".")), flat.keySet().toString());
  }

  @Test
  void changedKeysAreExactlyTheSettingsThatDiffer() {
    ExperimentConfig a = smoke();
    ExperimentConfig b = withEpochs(a, "phantom-smoke-short", 2);
    assertEquals(List.of("name", "training.epochs"),
        new ArrayList<>(Compare.changedKeys(List.of(Compare.flatten(a), Compare.flatten(b)))));
    assertEquals(List.of(), new ArrayList<>(Compare.changedKeys(List.of(Compare.flatten(a), Compare.flatten(a)))));
    Map<String, String> missing = new HashMap<>(Compare.flatten(a));
    missing.remove("seed");
    assertEquals(List.of("seed"), new ArrayList<>(Compare.changedKeys(List.of(Compare.flatten(a), missing))));
  }

  @Test
  void metricRowsPutDiceFirst() {
    ExperimentConfig a = smoke();
    Compare.Column one = new Compare.Column("w1", "COMPLETED", a, "1", "r1", Map.of("cv.iou_lungs.mean", 0.7,
        "cv.dice_lungs.mean", 0.9, "cv.dice_lungs.sd", 0.01, "cv.accuracy_lungs.mean", 0.99, "other", 1.0));
    Compare.Column two = new Compare.Column("w2", "COMPLETED", a, "1", "r2", Map.of("cv.dice_infection.mean", 0.5));
    assertEquals(List.of("dice_infection", "dice_lungs", "accuracy_lungs", "iou_lungs"),
        new ArrayList<>(Compare.metricNames(List.of(one, two))));
    String page = Compare.page(List.of(one, two), "http://mlflow/#/compare-runs");
    assertTrue(page.contains("0.9000</span> ± 0.0100"), page);
    assertTrue(page.contains("<h2>Settings that differ</h2>"), "the heading names what a user sees, not a class");
  }
}
