package io.foldwise.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The settings table is the one place a setting is declared: the experiments keep their hashes, every declared
 * setting round-trips through the file, the config and the canonical map, and no other source spells its key.
 */
class ExperimentSettingsTest {
  static final Path ROOT = Path.of("../..");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static String smoke() throws IOException {
    return Files.readString(ROOT.resolve("experiments/phantom-smoke.yaml"));
  }

  /**
   * phantom-smoke.yaml as it was before issue 12 §5 changed its settings (1.5 x 1.5 x 3.0 mm, 24x24x8 patches, a
   * constant learning rate): the file the hashes below were pinned on before the settings table existed.
   */
  static String smokeBefore() throws IOException {
    return Files.readString(Path.of("src/test/resources/experiments-before/phantom-smoke.yaml"));
  }

  /**
   * The hashes before the table existed (caches and fold checkpoints are keyed by them): they must not move. The two
   * covid19 files moved once on purpose (session 9: micro_batch 1 -> 2, a true batch of 2; were fd68f23f... and
   * 1a70bd68...).
   */
  @ParameterizedTest
  @CsvSource({
      "covid19-miscnn, de1ed815c644b9c8209110ca820b3a607257acb48675cbdce188b401cd93bfba",
      "covid19-rehearsal, 33a3caafbec2c93b11aa83923c794dc10a2498d09da2cd694ba03628dc8a514b",
      "phantom-smoke, c897ab4a8e03cac48e5f890575d87c075d047f8fb3fc998550f12f903fd48720"})
  void theExperimentsKeepTheirHashes(String name, String hash) {
    assertEquals(hash, ExperimentConfig.load(ROOT.resolve("experiments/" + name + ".yaml")).hash());
  }

  @Test
  void phantomSmokeAsItWasKeepsItsHash() throws IOException {
    assertEquals("4f4397232c66e5463e091dd3ce2080b24d07ee8f3a3fe13d531fb766564d6d84",
        ExperimentConfig.parse(smokeBefore(), "phantom-smoke.yaml").hash());
  }

  /** training.lr_schedule enters the hash only when it is not constant, so files without it keep theirs. */
  @Test
  void aConstantLearningRateScheduleKeepsTheHash() throws IOException {
    String before = smokeBefore();
    String constant = before.replace("  learning_rate: 0.01\n", "  learning_rate: 0.01\n  lr_schedule: constant\n");
    String poly = before.replace("  learning_rate: 0.01\n", "  learning_rate: 0.01\n  lr_schedule: poly\n");
    assertNotEquals(before, constant);
    assertEquals(ExperimentConfig.parse(before, "x.yaml").hash(), ExperimentConfig.parse(constant, "x.yaml").hash());
    assertNotEquals(ExperimentConfig.parse(before, "x.yaml").hash(), ExperimentConfig.parse(poly, "x.yaml").hash());
    assertEquals("poly", ExperimentConfig.parse(poly, "x.yaml").get(ExperimentSettings.LR_SCHEDULE));
    assertEquals("constant", ExperimentConfig.parse(before, "x.yaml").get(ExperimentSettings.LR_SCHEDULE));
    assertEquals("phantom-smoke.yaml: 'training.lr_schedule' must be one of constant, poly, got 'cosine'",
        assertThrows(ExperimentConfigException.class, () -> ExperimentConfig.parse(
            before.replace("  learning_rate: 0.01\n", "  learning_rate: 0.01\n  lr_schedule: cosine\n"),
            "phantom-smoke.yaml")).getMessage());
  }

  @Test
  void optionalSettingsLeftOutKeepTheHashTheyHadBefore() throws IOException {
    String plain = smokeBefore().replaceAll("  foreground_oversampling: .*\n", "")
        .replaceAll("  validation_patches: .*\n", "")
        .replaceAll("  groups: .*\n", "");
    assertEquals("8878dbda518bdf97684ebe3ac5f628223b255e9fea1082188c5475c84b57b156",
        ExperimentConfig.parse(plain, "x.yaml").hash());
    String defaults = smokeBefore();
    for (String key : List.of("micro_batch", "grayscale", "image_interpolation", "label_interpolation", "zscore",
        "architecture", "bn_momentum", "batch_queue_size", "augmentation", "loss", "gaussian", "overlays")) {
      defaults = defaults.replaceAll("  " + key + ": .*\n", "");
    }
    defaults = defaults.replace(
        "{monitor: loss, factor: 0.5, patience: 3, min_delta: 0.0001, cooldown: 0, min_lr: 0.0001}",
        "{factor: 0.5, patience: 3}").replace("{monitor: loss, patience: 20}", "{patience: 20}");
    assertEquals("7886ae3d194eb6617d9f72b49e1af176dede864dc6d0a9c3612ad1ddec5b2f49",
        ExperimentConfig.parse(defaults, "x.yaml").hash(), "every default as before");
  }

  /**
   * The canonical map names exactly the declared settings the file has (phantom-smoke gives every optional one of
   * training and evaluation; the rehearsal's phantoms have slices and windowed; covid19-miscnn has archives).
   */
  @ParameterizedTest
  @ValueSource(strings = {"phantom-smoke", "covid19-rehearsal", "covid19-miscnn"})
  void theCanonicalMapHoldsExactlyTheDeclaredSettingsTheFileHas(String name) throws IOException {
    ExperimentConfig c = ExperimentConfig.load(ROOT.resolve("experiments/" + name + ".yaml"));
    Set<String> keys = new TreeSet<>();
    flatKeys("", c.toMap(), keys);
    Set<String> declared = new TreeSet<>();
    ExperimentSettings.ALL.stream().filter(s -> c.settings().has(s) && hashed(c, s)).forEach(s -> declared.add(s.key()));
    assertEquals(declared, keys);
    boolean phantom = !name.equals("covid19-miscnn");
    assertEquals(phantom, keys.contains(ExperimentSettings.PHANTOM_SEED.key()));
    assertEquals(!phantom, keys.contains(ExperimentSettings.MASKS_SHA256.key()));
    assertEquals(name.equals("covid19-rehearsal"), keys.contains(ExperimentSettings.PHANTOM_SLICES.key()));
    assertEquals(name.equals("covid19-rehearsal"), keys.contains(ExperimentSettings.PHANTOM_WINDOWED.key()));
  }

  private static <T> boolean hashed(ExperimentConfig c, Setting<T> s) {
    return s.hashed(c.get(s));
  }

  @SuppressWarnings("unchecked")
  private static void flatKeys(String prefix, Map<String, Object> map, Set<String> out) {
    map.forEach((k, v) -> {
      String key = prefix.isEmpty() ? k : prefix + "." + k;
      if (v instanceof Map<?, ?> m && !key.equals(ExperimentSettings.GROUPS.key())) {
        flatKeys(key, (Map<String, Object>) m, out);
      } else {
        out.add(key);
      }
    });
  }

  /** YAML file → config → canonical map → (as YAML again) → config: every declared setting's value survives. */
  @ParameterizedTest
  @ValueSource(strings = {"phantom-smoke", "covid19-rehearsal", "covid19-miscnn"})
  void everyDeclaredSettingRoundTrips(String name) throws IOException {
    ExperimentConfig c = ExperimentConfig.load(ROOT.resolve("experiments/" + name + ".yaml"));
    ExperimentConfig fromMap = ExperimentConfig.fromMap(c.toMap(), "task input");
    ExperimentConfig fromYaml = ExperimentConfig.parse(YAML.writeValueAsString(c.toMap()), "canonical.yaml");
    for (ExperimentConfig back : List.of(fromMap, fromYaml)) {
      for (Setting<?> s : ExperimentSettings.ALL) {
        assertEquals(c.settings().has(s), back.settings().has(s), s.key());
        if (!c.settings().has(s)) {
          continue; // the other data source's settings (phantoms or archives)
        }
        Object a = c.get(s);
        Object b = back.get(s);
        if (a instanceof int[] x) {
          assertArrayEquals(x, (int[]) b, s.key());
        } else if (a instanceof double[] x) {
          assertArrayEquals(x, (double[]) b, s.key());
        } else {
          assertEquals(a, b, s.key());
        }
      }
      assertEquals(c, back);
      assertEquals(c.hash(), back.hash());
    }
  }

  @Test
  void valuesAreCopiesSoTheConfigStaysImmutable() throws IOException {
    ExperimentConfig c = ExperimentConfig.parse(smokeBefore(), "x.yaml");
    c.get(ExperimentSettings.PATCH)[0] = 999;
    c.get(ExperimentSettings.TARGET_SPACING)[0] = 999;
    assertEquals(24, c.get(ExperimentSettings.PATCH)[0]);
    assertEquals(1.5, c.get(ExperimentSettings.TARGET_SPACING)[0]);
    assertEquals(c.model().depth(), c.get(ExperimentSettings.DEPTH));
    assertEquals(c.training().foregroundOversampling(), c.get(ExperimentSettings.FOREGROUND_OVERSAMPLING));
  }

  @Test
  void everySettingConstantIsInAllInItsOrder() throws Exception {
    List<Object> constants = new ArrayList<>();
    for (java.lang.reflect.Field f : ExperimentSettings.class.getDeclaredFields()) {
      if (f.getType() == Setting.class) {
        constants.add(f.get(null));
      }
    }
    assertEquals(new java.util.HashSet<>(constants), new java.util.HashSet<>(ExperimentSettings.ALL),
        "wrap every declaration in declare(...)");
    assertEquals(constants.size(), ExperimentSettings.ALL.size());
  }

  @Test
  void everySettingIsDeclaredOnceWithADottedSnakeCaseKey() {
    Set<String> seen = new TreeSet<>();
    for (Setting<?> s : ExperimentSettings.ALL) {
      assertTrue(seen.add(s.key()), s.key() + " declared twice");
      assertTrue(s.key().matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*"), s.key());
    }
  }

  /**
   * A key is spelled in ExperimentSettings only: no other main source holds a declared key as a text (the dotted key
   * or a sub-section such as "training.early_stopping" anywhere; a snake_case name such as "foreground_oversampling"
   * anywhere but in the named exceptions; a one-word name such as "epochs" in this package, where files are read).
   * Use {@code ExperimentSettings.X.key()} instead.
   */
  @Test
  void noOtherSourceSpellsADeclaredKey() throws IOException {
    // their own formats, not experiment-file keys: the MLmodel card (predict reads it back), the epoch metric
    Map<String, Set<String>> exceptions = Map.of(
        "MlModel.java", Set.of("target_spacing", "image_interpolation", "label_interpolation", "base_filters",
            "bn_momentum", "mirror_swap"),
        "EpochLogger.java", Set.of("learning_rate"));
    List<String> found = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(ROOT)) {
      sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
          && !p.toString().contains("/target/") && !p.getFileName().toString().equals("ExperimentSettings.java"))
          .toList();
    }
    assertTrue(sources.size() > 50, "the sources are found from " + ROOT.toAbsolutePath());
    for (Path file : sources) {
      String text = Files.readString(file);
      String name = file.getFileName().toString();
      // where experiment files are read and mapped (FoldFiles is about a fold's stored files: "metrics" of an epoch)
      boolean readsTheFile = file.toString().contains("/io/foldwise/runtime/experiment/")
          && !name.equals("FoldFiles.java");
      for (Setting<?> s : ExperimentSettings.ALL) {
        String leaf = s.name();
        List<String> spelled = new ArrayList<>();
        for (int i = s.key().indexOf('.'); i > 0; i = s.key().indexOf('.', i + 1)) {
          spelled.add(s.key().substring(i + 1).contains(".") ? s.key().substring(0, s.key().indexOf('.', i + 1))
              : s.key()); // the key and its sub-sections, e.g. training.reduce_lr_on_plateau
        }
        if (leaf.contains("_") && !exceptions.getOrDefault(name, Set.of()).contains(leaf)) {
          spelled.add(leaf);
        } else if (!leaf.contains("_") && readsTheFile) {
          spelled.add(leaf);
        }
        for (String key : spelled) {
          if (text.contains("\"" + key + "\"")) {
            found.add(file + ": \"" + key + "\"");
          }
        }
      }
    }
    assertEquals(List.of(), found, "spell these keys as ExperimentSettings.X.key()");
  }
}
