package io.foldwise.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.conductor.InvalidInputException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content keys follow exactly what a stage depends on; task inputs are checked with named errors. */
class StageKeysTest {
  static ExperimentConfig smoke() throws Exception {
    return ExperimentConfig.parse(ExperimentConfigTest.smokeYaml(), "phantom-smoke.yaml");
  }

  static ExperimentConfig edited(String from, String to) throws Exception {
    return ExperimentConfig.parse(ExperimentConfigTest.smokeYaml().replace(from, to), "x.yaml");
  }

  @Test
  void trainingSettingsDoNotInvalidateDataStages() throws Exception {
    ExperimentConfig a = smoke();
    ExperimentConfig b = edited("epochs: 8", "epochs: 9");
    assertEquals(StageKeys.datasetPrefix(a, "code"), StageKeys.datasetPrefix(b, "code"));
    assertEquals(StageKeys.explorePrefix(a, "d", "code"), StageKeys.explorePrefix(b, "d", "code"));
    assertEquals(StageKeys.preprocessPrefix(a, "d", "code"), StageKeys.preprocessPrefix(b, "d", "code"));
    assertNotEquals(StageKeys.foldPrefix(a, 0), StageKeys.foldPrefix(b, 0));
  }

  @Test
  void preprocessingAndDataChangeTheirStages() throws Exception {
    ExperimentConfig a = smoke();
    ExperimentConfig spacing = edited("target_spacing: [0.75, 0.75, 1.5]", "target_spacing: [2.0, 2.0, 3.0]");
    assertEquals(StageKeys.explorePrefix(a, "d", "code"), StageKeys.explorePrefix(spacing, "d", "code"));
    assertNotEquals(StageKeys.preprocessPrefix(a, "d", "code"), StageKeys.preprocessPrefix(spacing, "d", "code"));
    assertNotEquals(StageKeys.preprocessPrefix(a, "d", "code"), StageKeys.preprocessPrefix(a, "e", "code"));
    ExperimentConfig phantomSeed = edited("    seed: 11", "    seed: 12");
    assertNotEquals(StageKeys.datasetPrefix(a, "code"), StageKeys.datasetPrefix(phantomSeed, "code"));
    assertTrue(StageKeys.datasetPrefix(a, "code").matches("datasets/[0-9a-f]{64}"), StageKeys.datasetPrefix(a, "code"));
  }

  @Test
  void archiveUrlsDoNotChangeTheDatasetKeyButChecksumsDo() throws Exception {
    String yaml = Files.readString(ExperimentConfigTest.EXPERIMENTS.resolve("covid19-miscnn.yaml"));
    ExperimentConfig a = ExperimentConfig.parse(yaml, "a");
    ExperimentConfig mirror = ExperimentConfig.parse(yaml.replace("https://zenodo.org/records/3757476/files/",
        "file:/mirror/"), "b");
    assertEquals(StageKeys.datasetPrefix(a, "code"), StageKeys.datasetPrefix(mirror, "code"));
    ExperimentConfig other = ExperimentConfig.parse(yaml.replace("a5060480", "b5060480"), "c");
    assertNotEquals(StageKeys.datasetPrefix(a, "code"), StageKeys.datasetPrefix(other, "code"));
  }

  @Test
  void theCodeThatComputesAStageIsPartOfItsKey() throws Exception {
    ExperimentConfig a = smoke();
    assertNotEquals(StageKeys.datasetPrefix(a, "code"), StageKeys.datasetPrefix(a, "other code"));
    assertNotEquals(StageKeys.explorePrefix(a, "d", "code"), StageKeys.explorePrefix(a, "d", "other code"));
    assertNotEquals(StageKeys.preprocessPrefix(a, "d", "code"), StageKeys.preprocessPrefix(a, "d", "other code"));
  }

  @Test
  void namesFollowTheIdentity() throws Exception {
    ExperimentConfig a = smoke();
    assertEquals("runs/" + a.identity() + "/fold-1", StageKeys.foldPrefix(a, 1));
    assertEquals(a.identity() + "/wf-1", StageKeys.parentRunName(a, "wf-1"));
    assertEquals("foldwise_phantom_smoke", StageKeys.workflowName("phantom-smoke"));
    assertEquals("runs/" + a.identity() + "/fold-2/checkpoints", FoldFiles.checkpointPrefix(a, 2));
  }

  @Test
  void taskInputsAreCheckedWithNamedErrors() throws Exception {
    Map<String, Object> input = new HashMap<>();
    InvalidInputException missing = assertThrows(InvalidInputException.class, () -> TaskInputs.config(input));
    assertEquals("task input 'config' must be the experiment config map, got nothing; start the workflow through "
        + "./foldwise run or the registered foldwise_<experiment> definition", missing.getMessage());
    Map<String, Object> bad = smoke().toMap();
    ((Map<String, Object>) bad.get("training")).put("epochs", 0);
    input.put("config", bad);
    InvalidInputException invalid = assertThrows(InvalidInputException.class, () -> TaskInputs.config(input));
    assertEquals("task input 'config': 'training.epochs' must be between 1 and 100000, got 0", invalid.getMessage());
    input.put("fold", 2.0);
    assertEquals(2, TaskInputs.integer(input, "fold"));
    input.put("fold", "x");
    assertEquals("task input 'fold' must be a whole number, got 'x'",
        assertThrows(InvalidInputException.class, () -> TaskInputs.integer(input, "fold")).getMessage());
  }
}
