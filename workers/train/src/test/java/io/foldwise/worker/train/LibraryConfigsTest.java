package io.foldwise.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.LibraryConfigs;
import io.foldwise.runtime.experiment.Setting;
import io.foldwise.runtime.experiment.ExperimentSettings;
import io.foldwise.unet.config.EarlyStoppingConfig;
import io.foldwise.unet.config.LossKind;
import io.foldwise.unet.config.LrSchedule;
import io.foldwise.unet.config.PlateauConfig;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The experiment files map onto the U-Net library's configs through the declarations in
 * {@link ExperimentSettings} (the one mapping train and evaluate share); covid19-miscnn onto the library's MIScnn presets.
 */
class LibraryConfigsTest {
  static ExperimentConfig load(String name) {
    return ExperimentConfig.load(Path.of("../../experiments/" + name + ".yaml"));
  }

  @Test
  void covid19MiscnnIsTheLibrarysMiscnnPresetBesidesTheSeed() {
    ExperimentConfig c = load("covid19-miscnn");
    assertEquals(UnetConfig.miscnn().withSeed(c.seed()), c.library(UnetConfig.class));
    assertEquals(TrainingConfig.miscnn().withSeed(c.seed() + 2), c.library(TrainingConfig.class, 2));
  }

  @Test
  void phantomSmokeIsTiny() {
    ExperimentConfig c = load("phantom-smoke");
    UnetConfig model = c.library(UnetConfig.class);
    assertEquals(new UnetConfig(2, 8, 4, new int[] {32, 32, 4}, 1, 0.9, ExperimentSettings.BN_EPSILON, 7), model);
    TrainingConfig t = c.library(TrainingConfig.class, 0);
    assertEquals(new TrainingConfig(8, 45, 2, 2, 0.01, LrSchedule.POLY, LossKind.TVERSKY_CROSSENTROPY,
        List.of(LossKind.TVERSKY_LOSS, LossKind.DICE_SOFT, LossKind.DICE_CROSSENTROPY),
        new PlateauConfig("loss", 0.5, 3, 1e-4, 0, 1e-4), new EarlyStoppingConfig("loss", 20), 3, false, 0.33,
        2, 7), t);
    assertArrayEquals(new int[] {32, 32, 4}, model.patchShape());
  }

  @Test
  void theTrainingConfigIsPerFold() {
    ExperimentConfig c = load("phantom-smoke");
    assertEquals(c.seed() + 1, c.library(TrainingConfig.class, 1).seed());
    assertEquals("the training config is per fold: give the fold",
        assertThrows(IllegalArgumentException.class, () -> c.library(TrainingConfig.class)).getMessage());
  }

  /** Every component of the U-Net's configs is given by exactly one declaration in ExperimentSettings. */
  @Test
  void everyLibraryComponentIsDeclaredOnceInSettings() {
    List<String> declared = new ArrayList<>(ExperimentSettings.LIBRARY_FIXED.keySet());
    for (Setting<?> s : ExperimentSettings.ALL) {
      s.targets().forEach(t -> declared.add(t.path()));
    }
    List<String> components = new ArrayList<>();
    components(UnetConfig.class, LibraryConfigs.libraryOf(UnetConfig.class), components);
    components(TrainingConfig.class, LibraryConfigs.libraryOf(TrainingConfig.class), components);
    assertEquals(components.stream().sorted().toList(), declared.stream().sorted().toList());
  }

  private static void components(Class<?> type, String prefix, List<String> out) {
    for (RecordComponent c : type.getRecordComponents()) {
      // the callbacks are records of their own, given component by component; null (none) is not used here
      if (c.getType().isRecord()) {
        components(c.getType(), prefix + "." + c.getName(), out);
      } else {
        out.add(prefix + "." + c.getName());
      }
    }
  }

  /** Each setting with a library target reaches it: another value in the file, another library config. */
  @Test
  void everyTargetedSettingReachesTheLibraryConfig() throws Exception {
    String yaml = Files.readString(Path.of("../../experiments/phantom-smoke.yaml"));
    ExperimentConfig base = ExperimentConfig.parse(yaml, "x.yaml");
    Map<String, String[]> changes = Map.ofEntries(
        Map.entry("seed", new String[] {"seed: 7\n", "seed: 8\n"}),
        Map.entry("model.depth", new String[] {"depth: 2", "depth: 1"}), // 3 needs patches divisible by 8
        Map.entry("model.base_filters", new String[] {"base_filters: 8", "base_filters: 4"}),
        Map.entry("model.patch", new String[] {"patch: [32, 32, 4]", "patch: [32, 32, 8]"}),
        Map.entry("model.bn_momentum", new String[] {"bn_momentum: 0.9", "bn_momentum: 0.8"}),
        Map.entry("training.epochs", new String[] {"epochs: 8", "epochs: 9"}),
        Map.entry("training.iterations_per_epoch",
            new String[] {"iterations_per_epoch: 45", "iterations_per_epoch: 46"}),
        Map.entry("training.batch_size", new String[] {"batch_size: 2", "batch_size: 4"}),
        Map.entry("training.micro_batch", new String[] {"micro_batch: 2", "micro_batch: 1"}),
        Map.entry("training.learning_rate", new String[] {"learning_rate: 0.01", "learning_rate: 0.02"}),
        Map.entry("training.lr_schedule", new String[] {"lr_schedule: poly", "lr_schedule: constant"}),
        Map.entry("training.loss", new String[] {"loss: tversky_crossentropy", "loss: dice_crossentropy"}),
        Map.entry("training.metrics", new String[] {"metrics: [tversky_loss, dice_soft, dice_crossentropy]",
            "metrics: [tversky_loss, dice_soft]"}),
        Map.entry("training.batch_queue_size", new String[] {"batch_queue_size: 3", "batch_queue_size: 2"}),
        Map.entry("training.augmentation", new String[] {"augmentation: none", "augmentation: miscnn"}),
        Map.entry("training.foreground_oversampling", new String[] {"foreground_oversampling: 0.33",
            "foreground_oversampling: 0.5"}),
        Map.entry("training.validation_patches", new String[] {"validation_patches: 4", "validation_patches: 6"}),
        Map.entry("training.reduce_lr_on_plateau.monitor", new String[] {"{monitor: loss, factor",
            "{monitor: dice_soft, factor"}),
        Map.entry("training.reduce_lr_on_plateau.factor", new String[] {"factor: 0.5", "factor: 0.4"}),
        Map.entry("training.reduce_lr_on_plateau.patience", new String[] {"patience: 3", "patience: 4"}),
        Map.entry("training.reduce_lr_on_plateau.min_delta", new String[] {"min_delta: 0.0001", "min_delta: 0.001"}),
        Map.entry("training.reduce_lr_on_plateau.cooldown", new String[] {"cooldown: 0", "cooldown: 1"}),
        Map.entry("training.reduce_lr_on_plateau.min_lr", new String[] {"min_lr: 0.0001", "min_lr: 0.001"}),
        Map.entry("training.early_stopping.monitor", new String[] {"{monitor: loss, patience",
            "{monitor: dice_soft, patience"}),
        Map.entry("training.early_stopping.patience", new String[] {"patience: 20", "patience: 21"}));
    for (Setting<?> s : ExperimentSettings.ALL) {
      if (s.targets().isEmpty()) {
        continue;
      }
      String[] change = changes.get(s.key());
      assertTrue(change != null, "add a change of " + s.key() + " to this test");
      assertTrue(yaml.contains(change[0]), change[0]);
      ExperimentConfig other = ExperimentConfig.parse(yaml.replace(change[0], change[1]), "x.yaml");
      assertNotEquals(base.canonicalJson(), other.canonicalJson(), s.key());
      boolean unet = !base.library(UnetConfig.class).equals(other.library(UnetConfig.class));
      boolean training = !base.library(TrainingConfig.class, 0).equals(other.library(TrainingConfig.class, 0));
      assertTrue(unet || training, s.key() + " does not reach the library config");
    }
    assertFalse(changes.isEmpty());
  }
}
