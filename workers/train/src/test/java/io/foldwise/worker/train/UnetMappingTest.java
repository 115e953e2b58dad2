package io.foldwise.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The experiment files map onto the U-Net library's configs; covid19-miscnn onto its MIScnn presets. */
class UnetMappingTest {
  static ExperimentConfig load(String name) {
    return ExperimentConfig.load(Path.of("../../experiments/" + name + ".yaml"));
  }

  @Test
  void covid19MiscnnIsTheLibrarysMiscnnPresetBesidesTheSeed() {
    ExperimentConfig c = load("covid19-miscnn");
    UnetConfig expectedModel = UnetConfig.miscnn().withSeed(c.seed());
    UnetConfig model = UnetMapping.model(c);
    assertEquals(expectedModel, model);
    TrainingConfig preset = TrainingConfig.miscnn();
    TrainingConfig fold2 = UnetMapping.training(c, 2);
    assertEquals(preset.withSeed(c.seed() + 2), fold2);
  }

  @Test
  void phantomSmokeIsTiny() {
    ExperimentConfig c = load("phantom-smoke");
    UnetConfig model = UnetMapping.model(c);
    assertEquals(2, model.depth());
    assertEquals(8, model.baseFilters());
    assertEquals(4, model.classes());
    assertArrayEquals(new int[] {24, 24, 8}, model.patchShape());
    TrainingConfig t = UnetMapping.training(c, 0);
    assertEquals(8, t.epochs());
    assertEquals(20, t.iterationsPerEpoch());
    assertEquals(false, t.augment());
    assertEquals(c.seed(), t.seed());
  }
}
