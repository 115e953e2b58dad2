package io.foldwise.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentConfigTest {
  static final Path EXPERIMENTS = Path.of("../../experiments");

  static String smokeYaml() throws Exception {
    return Files.readString(EXPERIMENTS.resolve("phantom-smoke.yaml"));
  }

  @Test
  void covid19MiscnnCarriesTheSeedSettings() {
    ExperimentConfig c = ExperimentConfig.load(EXPERIMENTS.resolve("covid19-miscnn.yaml"));
    assertEquals("covid19-miscnn", c.name());
    assertEquals(List.of("background", "lung_L", "lung_R", "infection"), c.data().classes());
    assertEquals("a5060480eff9315b069b086312dac4872777901fb80d268a5a83edd9f4e7b440", c.data().images().sha256());
    assertEquals("34f5a573cb8fb53cb15abe81868395d9addf436854826a6fd6e70c2b294f19c3", c.data().masks().sha256());
    assertEquals("COVID-19-CT-Seg_20cases.zip", c.data().images().fileName());
    assertEquals(-1250, c.preprocessing().clipMin());
    assertEquals(250, c.preprocessing().clipMax());
    assertArrayEquals(new double[] {1.58, 1.58, 2.70}, c.preprocessing().targetSpacing());
    assertArrayEquals(new int[] {160, 160, 80}, c.model().patch());
    assertEquals(4, c.model().depth());
    assertEquals(32, c.model().baseFilters());
    assertEquals(5, c.training().folds());
    assertEquals(15, c.training().epochs());
    assertEquals(150, c.training().iterationsPerEpoch());
    assertEquals(2, c.training().batchSize());
    assertEquals(0.0001, c.training().learningRate());
    assertEquals(3, c.training().batchQueueSize());
    assertEquals("tversky_crossentropy", c.training().loss());
    assertEquals(List.of("tversky_loss", "dice_soft", "dice_crossentropy"), c.training().metrics());
    assertEquals(new PlateauSpec("loss", 0.1, 15, 1e-4, 1, 1e-5), c.training().reduceLrOnPlateau());
    assertEquals(new EarlyStoppingSpec("loss", 100), c.training().earlyStopping());
    assertEquals(4, c.training().validationPatches(), "MIScnn validates every epoch");
    assertEquals(0.0, c.training().foregroundOversampling(), "MIScnn samples random patches");
    assertArrayEquals(new int[] {80, 80, 30}, c.evaluation().overlap());
  }

  @Test
  void monitorsMayNameValidationMetricsOnlyWhenValidating() throws Exception {
    ExperimentConfig validated = ExperimentConfig.parse(smokeYaml()
        .replace("early_stopping: {monitor: loss", "early_stopping: {monitor: val_loss"), "x.yaml");
    assertEquals("val_loss", validated.training().earlyStopping().monitor());
    assertEquals(4, validated.training().validationPatches());
    String typo = smokeYaml().replace("reduce_lr_on_plateau: {monitor: loss", "reduce_lr_on_plateau: {monitor: val_los");
    assertEquals("x.yaml: 'training.reduce_lr_on_plateau.monitor' must be one of loss, tversky_loss, dice_soft, "
            + "dice_crossentropy, val_loss, val_tversky_loss, val_dice_soft, val_dice_crossentropy, got 'val_los'",
        assertThrows(ExperimentConfigException.class, () -> ExperimentConfig.parse(typo, "x.yaml")).getMessage());
    String unvalidated = smokeYaml().replaceAll("  validation_patches: .*\n", "")
        .replace("early_stopping: {monitor: loss", "early_stopping: {monitor: val_loss");
    assertEquals("x.yaml: 'training.early_stopping.monitor' must be one of loss, tversky_loss, dice_soft, "
            + "dice_crossentropy, got 'val_loss' (val_ metrics need training.validation_patches > 0)",
        assertThrows(ExperimentConfigException.class, () -> ExperimentConfig.parse(unvalidated, "x.yaml"))
            .getMessage());
  }

  @Test
  void foregroundOversamplingIsInTheCanonicalFormOnlyWhenOn() throws Exception {
    String off = smokeYaml().replaceAll("  foreground_oversampling: .*\n", "");
    ExperimentConfig plain = ExperimentConfig.parse(off, "x.yaml");
    assertEquals(0.0, plain.training().foregroundOversampling());
    assertEquals(plain.hash(), ExperimentConfig.parse(off.replace("  augmentation: none\n",
        "  augmentation: none\n  foreground_oversampling: 0\n"), "x.yaml").hash(), "0 is the default");
    ExperimentConfig third = ExperimentConfig.parse(off.replace("  augmentation: none\n",
        "  augmentation: none\n  foreground_oversampling: 0.33\n"), "x.yaml");
    assertEquals(0.33, third.training().foregroundOversampling());
    assertNotEquals(plain.hash(), third.hash());
    assertEquals("0.33", third.flatParams().get("training.foreground_oversampling"));
    assertEquals(third, ExperimentConfig.fromMap(third.toMap(), "task input"));
  }

  @Test
  void validationIsInTheCanonicalFormOnlyWhenOn() throws Exception {
    String off = smokeYaml().replaceAll("  validation_patches: .*\n", "");
    ExperimentConfig plain = ExperimentConfig.parse(off, "x.yaml");
    assertEquals(0, plain.training().validationPatches());
    @SuppressWarnings("unchecked")
    Map<String, Object> training = (Map<String, Object>) plain.toMap().get("training");
    assertFalse(training.containsKey("validation_patches"), "a file without it keeps its hash");
    assertEquals(plain.hash(), ExperimentConfig.parse(off.replace("  augmentation: none\n",
        "  augmentation: none\n  validation_patches: 0\n"), "x.yaml").hash());
    ExperimentConfig validated = ExperimentConfig.parse(smokeYaml(), "x.yaml");
    assertNotEquals(plain.hash(), validated.hash());
    assertEquals("4", validated.flatParams().get("training.validation_patches"));
    assertEquals(validated, ExperimentConfig.fromMap(validated.toMap(), "task input"));
  }

  @Test
  void phantomSmokeIsSmallAndPhantom() {
    ExperimentConfig c = ExperimentConfig.load(EXPERIMENTS.resolve("phantom-smoke.yaml"));
    assertTrue(c.data().isPhantom());
    assertEquals(3, c.training().folds());
    assertTrue(c.identity().matches("phantom-smoke/[0-9a-f]{12}"), c.identity());
    assertEquals(c.identity() + "/fold-2", c.foldIdentity(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.foldIdentity(3));
    assertEquals("fold must be in 0..2, got 3", e.getMessage());
  }

  @Test
  void mapFormRoundTripsToTheSameHash() throws Exception {
    ExperimentConfig c = ExperimentConfig.parse(smokeYaml(), "phantom-smoke.yaml");
    ExperimentConfig back = ExperimentConfig.fromMap(c.toMap(), "task input");
    assertEquals(c.canonicalJson(), back.canonicalJson());
    assertEquals(c.hash(), back.hash());
    assertEquals(c, back);
  }

  @Test
  void hashIgnoresDescriptionCommentsAndKeyOrderButNotSettings() throws Exception {
    String yaml = smokeYaml();
    String h = ExperimentConfig.parse(yaml, "a").hash();
    String reworded = yaml.replace("description: Synthetic", "description: Other words. Synthetic")
        .replace("# The offline default", "# changed comment");
    assertEquals(h, ExperimentConfig.parse(reworded, "b").hash());
    String reordered = yaml.replace("seed: 7\n", "") + "seed: 7\n";
    assertEquals(h, ExperimentConfig.parse(reordered, "c").hash());
    assertNotEquals(h, ExperimentConfig.parse(yaml.replace("epochs: 8", "epochs: 5"), "d").hash());
    assertNotEquals(h, ExperimentConfig.parse(yaml.replace("seed: 7\n", "seed: 8\n"), "e").hash());
    String mirrored = yaml.replace("  gaussian: true", "  gaussian: true\n  mirror: [z]");
    assertNotEquals(h, ExperimentConfig.parse(mirrored, "f").hash());
    assertEquals(List.of("z"), ExperimentConfig.parse(mirrored, "f").evaluation().mirror());
  }

  @Test
  void flatParamsNameEverySetting() throws Exception {
    Map<String, String> p = ExperimentConfig.parse(smokeYaml(), "x").flatParams();
    assertEquals("0.01", p.get("training.learning_rate"));
    assertEquals("[32,32,4]", p.get("model.patch"));
    assertEquals("poly", p.get("training.lr_schedule"));
    assertEquals("0.5", p.get("training.reduce_lr_on_plateau.factor"));
    assertFalse(p.containsKey("description"));
    assertTrue(p.size() < 100, "one MLflow param batch");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "epochs: 8|epochs: 8\\n  epocs: 4|x.yaml: 'training.epocs' is not a known key; known keys of 'training': folds, epochs",
      "epochs: 8|epochs: -1|x.yaml: 'training.epochs' must be between 1 and 100000, got -1",
      "epochs: 8|epochs: four|x.yaml: 'training.epochs' must be a whole number, got 'four'",
      "learning_rate: 0.01|learning_rate: '0.01'|x.yaml: 'training.learning_rate' must be a number, got '0.01'",
      "patch: [32, 32, 4]|patch: [32, 32, 6]|x.yaml: 'model.patch' must be divisible by 2^depth = 4 on every axis, got [32, 32, 6]",
      "patch: [32, 32, 4]|patch: [32, 32]|x.yaml: 'model.patch' must be a list of 3 whole numbers, got [32,32]",
      "clip: [-1250, 250]|clip: [250, -1250]|x.yaml: 'preprocessing.clip' must be [min, max] with min < max, got [250.0, -1250.0]",
      "image_interpolation: linear|image_interpolation: spline|x.yaml: 'preprocessing.image_interpolation' must be one of cubic, linear, got 'spline'",
      "loss: tversky_crossentropy|loss: focal|x.yaml: 'training.loss' must be one of tversky_crossentropy, tversky_loss, dice_soft, dice_crossentropy, got 'focal'",
      "lr_schedule: poly|lr_schedule: cosine|x.yaml: 'training.lr_schedule' must be one of constant, poly, got 'cosine'",
      "micro_batch: 2|micro_batch: 3|x.yaml: 'training.micro_batch' must divide batch_size 2, got 3",
      "overlap: [16, 16, 2]|overlap: [16, 16, 4]|x.yaml: 'evaluation.overlap' must be smaller than the patch on every axis, got [16, 16, 4] for patch [32, 32, 4]",
      "nsd_tolerance_mm: [1, 1, 1, 3]|nsd_tolerance_mm: [1, 3]|x.yaml: 'evaluation.nsd_tolerance_mm' must have one value per class (4), got 2",
      "groups: {lungs: [lung_L, lung_R]}|groups: {lungs: [lung_L, lung_X]}|x.yaml: 'evaluation.groups.lungs' lists 'lung_X', which is not a class; the classes are background, lung_L, lung_R, infection",
      "groups: {lungs: [lung_L, lung_R]}|groups: {infection: [lung_L, lung_R]}|x.yaml: 'evaluation.groups.infection' has the name of a class; a group needs a name of its own",
      "groups: {lungs: [lung_L, lung_R]}|groups: {lungs: [lung_L]}|x.yaml: 'evaluation.groups.lungs' must list at least two classes, got [lung_L]",
      "groups: {lungs: [lung_L, lung_R]}|groups: {lungs: []}|x.yaml: 'evaluation.groups.lungs' must be a non-empty list of names, got []",
      "groups: {lungs: [lung_L, lung_R]}|groups: {Lungs: [lung_L, lung_R]}|x.yaml: 'evaluation.groups.Lungs' must be named with lower-case letters",
      "gaussian: true|gaussian: true\\n  mirror: [y, w]|x.yaml: 'evaluation.mirror' must list axes among x, y and z, got [y, w]",
      "gaussian: true|gaussian: true\\n  mirror: [y, y]|x.yaml: 'evaluation.mirror' lists 'y' twice",
      "gaussian: true|gaussian: true\\n  mirror: [y]\\n  mirror_swap: {lung_L: lung_R}|x.yaml: 'evaluation.mirror_swap' only applies when evaluation.mirror includes x; add x there or remove this",
      "gaussian: true|gaussian: true\\n  mirror: [x]\\n  mirror_swap: {lung_L: lung_X}|x.yaml: 'evaluation.mirror_swap.lung_L' names 'lung_X', which is not a class; the classes are background, lung_L, lung_R, infection",
      "gaussian: true|gaussian: true\\n  mirror: [x]\\n  mirror_swap: {lung_L: lung_L}|x.yaml: 'evaluation.mirror_swap.lung_L' pairs a class with itself",
      "gaussian: true|gaussian: true\\n  mirror: [x]\\n  mirror_swap: {lung_L: lung_R, lung_R: infection}|x.yaml: 'evaluation.mirror_swap.lung_R' names a class that is already paired",
      "early_stopping: {monitor: loss|early_stopping: {monitor: dice|x.yaml: 'training.early_stopping.monitor' must be one of loss, tversky_loss, dice_soft, dice_crossentropy, val_loss, val_tversky_loss, val_dice_soft, val_dice_crossentropy, got 'dice'",
      "validation_patches: 4|validation_patches: 3|x.yaml: 'training.validation_patches' must be a multiple of micro_batch 2, got 3",
      "validation_patches: 4|validation_patches: -1|x.yaml: 'training.validation_patches' must be between 0 and 10000, got -1",
      "foreground_oversampling: 0.33|foreground_oversampling: 1.5|x.yaml: 'training.foreground_oversampling' must be between 0.0 and 1.0, got 1.5",
      "name: phantom-smoke|name: Phantom Smoke|x.yaml: 'name' must be lower-case letters, digits and '-' (at most 63), got 'Phantom Smoke'",
      "\"  folds: 3\n\"|\"\"|x.yaml: 'training.folds' is missing; add it (see experiments/covid19-miscnn.yaml)",
  })
  void badValuesNameTheKeyAndValue(String from, String to, String message) throws Exception {
    String yaml = smokeYaml().replace(from.replace("\\n", "\n"), to == null ? "" : to.replace("\\n", "\n"));
    ExperimentConfigException e = assertThrows(ExperimentConfigException.class,
        () -> ExperimentConfig.parse(yaml, "x.yaml"));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void dataNeedsEitherPhantomOrArchives() throws Exception {
    String yaml = smokeYaml().replace("  phantom:", "  images: {url: 'file:/x.zip', sha256: '"
        + "0".repeat(64) + "'}\n  phantom:");
    ExperimentConfigException e = assertThrows(ExperimentConfigException.class,
        () -> ExperimentConfig.parse(yaml, "x.yaml"));
    assertEquals("x.yaml: 'data' must have either 'phantom' or both 'images' and 'masks'", e.getMessage());
  }

  /** The data section's messages, as they were when DataSpec read it by hand (now ExperimentSettings declares it). */
  @Test
  void dataSectionMistakesAreNamed() throws Exception {
    String covid = Files.readString(EXPERIMENTS.resolve("covid19-miscnn.yaml"));
    String smoke = smokeYaml();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(covid.replaceAll("(?s)  masks:.*?sha256: [0-9a-f]{64}\n", ""),
        "x.yaml: 'data.masks' is missing; add it (see experiments/covid19-miscnn.yaml)");
    cases.put(covid.replaceFirst("url: https://", "url: ftp://"), "x.yaml: 'data.images.url' must start with https://, "
        + "http:// or file:, got 'ftp://zenodo.org/records/3757476/files/COVID-19-CT-Seg_20cases.zip?download=1'");
    cases.put(covid.replaceFirst("    sha256:", "    sha: x\n    sha256:"),
        "x.yaml: 'data.images.sha' is not a known key; known keys of 'data.images': url, sha256");
    cases.put(smoke.replace("classes: [background, lung_L, lung_R, infection]", "classes: [background]"),
        "x.yaml: 'data.classes' must name between 2 and 16 classes, got 1");
    cases.put(smoke.replace("    seed: 11\n", ""),
        "x.yaml: 'data.phantom.seed' is missing; add it (see experiments/covid19-miscnn.yaml)");
    cases.put(smoke.replace("  phantom:", "  phantom_: {}\n  phantom:"),
        "x.yaml: 'data.phantom_' is not a known key; known keys of 'data': classes, phantom, images, masks");
    cases.put(smoke.replace("    cases: 6", "    cases: 1"), "x.yaml: 'data.phantom.cases' must be between 2 and 200, got 1");
    cases.forEach((yaml, message) -> assertEquals(message,
        assertThrows(ExperimentConfigException.class, () -> ExperimentConfig.parse(yaml, "x.yaml")).getMessage()));
  }

  @Test
  void archiveChecksumMustBeHex() throws Exception {
    String yaml = Files.readString(EXPERIMENTS.resolve("covid19-miscnn.yaml"))
        .replace("a5060480eff9315b069b086312dac4872777901fb80d268a5a83edd9f4e7b440", "abc");
    ExperimentConfigException e = assertThrows(ExperimentConfigException.class,
        () -> ExperimentConfig.parse(yaml, "covid.yaml"));
    assertEquals("covid.yaml: 'data.images.sha256' must be 64 lower-case hex digits, got 'abc'", e.getMessage());
  }

  @Test
  void fileNameMustMatchName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("other.yaml");
    Files.writeString(file, smokeYaml());
    ExperimentConfigException e = assertThrows(ExperimentConfigException.class, () -> ExperimentConfig.load(file));
    assertEquals("other.yaml: 'name' must equal the file name 'other', got 'phantom-smoke'", e.getMessage());
  }

  @Test
  void invalidYamlIsNamed() {
    ExperimentConfigException e = assertThrows(ExperimentConfigException.class,
        () -> ExperimentConfig.parse("name: [unclosed", "broken.yaml"));
    assertTrue(e.getMessage().startsWith("broken.yaml: not valid YAML ("), e.getMessage());
  }

  @Test
  void aKeyWrittenTwiceIsRefusedNotSilentlyOverwritten() throws Exception {
    String twice = smokeYaml().replace("\nseed:", "\nseed: 5\nseed:");
    ExperimentConfigException e = assertThrows(ExperimentConfigException.class,
        () -> ExperimentConfig.parse(twice, "twice.yaml"));
    assertTrue(e.getMessage().startsWith("twice.yaml: not valid YAML (Duplicate field 'seed'"), e.getMessage());
  }
}
