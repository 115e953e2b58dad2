package io.foldwise.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code data.phantom}: per-case slice counts and windowed cases (the paper-scale rehearsal). */
class PhantomSourceTest {
  private static final String SMOKE_PHANTOM = "    shape: [48, 48, 16]\n";

  private static String withPhantom(String lines) throws Exception {
    String yaml = ExperimentConfigTest.smokeYaml();
    if (!yaml.contains(SMOKE_PHANTOM)) {
      throw new AssertionError("phantom-smoke.yaml no longer has " + SMOKE_PHANTOM);
    }
    return yaml.replace(SMOKE_PHANTOM, lines);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> phantomMap(ExperimentConfig c) {
    return (Map<String, Object>) ((Map<String, Object>) c.toMap().get("data")).get("phantom");
  }

  @Test
  void filesWithoutTheNewKeysKeepTheirCanonicalFormAndHash() throws Exception {
    ExperimentConfig smoke = ExperimentConfig.parse(ExperimentConfigTest.smokeYaml(), "x.yaml");
    assertNull(smoke.data().phantom().slices());
    assertEquals(0, smoke.data().phantom().windowed());
    assertEquals(Map.of("cases", 6, "shape", List.of(48, 48, 16), "seed", 11L), phantomMap(smoke));
    assertEquals(smoke.hash(), ExperimentConfig.parse(withPhantom(SMOKE_PHANTOM + "    windowed: 0\n"),
        "x.yaml").hash(), "windowed 0 is the default");
    assertNotEquals(smoke.hash(), ExperimentConfig.parse(withPhantom(SMOKE_PHANTOM + "    windowed: 2\n"),
        "x.yaml").hash());
  }

  @Test
  void slicesAndWindowedParseIntoTheCanonicalForm() throws Exception {
    ExperimentConfig c = ExperimentConfig.parse(
        withPhantom("    shape: [512, 512]\n    slices: [39, 301]\n    windowed: 3\n"), "x.yaml");
    PhantomSource p = c.data().phantom();
    assertArrayEquals(new int[] {512, 512}, p.shape());
    assertArrayEquals(new int[] {39, 301}, p.slices());
    assertEquals(3, p.windowed());
    assertArrayEquals(new int[] {512, 512, 301}, p.largestShape());
    assertEquals(Map.of("cases", 6, "shape", List.of(512, 512), "seed", 11L, "slices", List.of(39, 301),
        "windowed", 3), phantomMap(c));
    assertEquals("[39,301]", c.flatParams().get("data.phantom.slices"));
    ExperimentConfig back = ExperimentConfig.fromMap(c.toMap(), "task input");
    assertEquals(c, back);
    assertEquals(c.hash(), back.hash());
    assertEquals(phantomMap(c), StageKeys.datasetSource(c), "the download key hashes the new keys");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
      "    shape: [512, 512, 301]\\n    slices: [39, 301]\\n"
          + "|x.yaml: 'data.phantom.shape' must be a list of 2 whole numbers, got [512,512,301] (with 'slices', "
          + "'shape' is the in-plane size [x, y]; the slice counts come from 'slices')",
      "    shape: [512, 512]\\n"
          + "|x.yaml: 'data.phantom.shape' must be a list of 3 whole numbers, got [512,512]",
      "    shape: [512, 512]\\n    slices: [301, 39]\\n"
          + "|x.yaml: 'data.phantom.slices' must be [min, max] with min <= max, got [301, 39]",
      "    shape: [512, 512]\\n    slices: [2, 39]\\n"
          + "|x.yaml: 'data.phantom.slices' must be a list of 2 whole numbers between 4 and 1024, got [2,39]",
      "    shape: [512, 512]\\n    slices: 39\\n"
          + "|x.yaml: 'data.phantom.slices' must be a list of 2 whole numbers, got 39",
      "    shape: [48, 48, 16]\\n    windowed: 7\\n"
          + "|x.yaml: 'data.phantom.windowed' must be between 0 and 6, got 7",
      "    shape: [48, 48, 16]\\n    windowed: many\\n"
          + "|x.yaml: 'data.phantom.windowed' must be a whole number, got 'many'",
      "    shape: [48, 48, 16]\\n    slice: [4, 16]\\n"
          + "|x.yaml: 'data.phantom.slice' is not a known key; known keys of 'data.phantom': cases, slices, shape, "
          + "seed, windowed",
  })
  void badPhantomKeysAreNamed(String lines, String message) throws Exception {
    String yaml = withPhantom(lines.replace("\\n", "\n"));
    assertEquals(message, assertThrows(ExperimentConfigException.class,
        () -> ExperimentConfig.parse(yaml, "x.yaml")).getMessage());
  }

  @Test
  void covid19RehearsalIsTheSeedAtTheRealDataSizes() {
    ExperimentConfig r = ExperimentConfig.load(ExperimentConfigTest.EXPERIMENTS.resolve("covid19-rehearsal.yaml"));
    ExperimentConfig seed = ExperimentConfig.load(ExperimentConfigTest.EXPERIMENTS.resolve("covid19-miscnn.yaml"));
    assertEquals("covid19-rehearsal", r.name());
    PhantomSource p = r.data().phantom();
    assertEquals(20, p.cases());
    assertArrayEquals(new int[] {512, 512}, p.shape());
    assertArrayEquals(new int[] {39, 301}, p.slices());
    assertEquals(10, p.windowed());
    assertEquals(seed.data().classes(), r.data().classes());
    assertEquals(seed.toMap().get("preprocessing"), r.toMap().get("preprocessing"));
    assertEquals(seed.toMap().get("model"), r.toMap().get("model"));
    assertEquals(seed.toMap().get("evaluation"), r.toMap().get("evaluation"));
    assertEquals(5, r.training().folds());
    assertEquals(1, r.training().epochs());
    assertEquals(1, r.training().iterationsPerEpoch());
    assertEquals(seed.training().batchSize(), r.training().batchSize());
    assertEquals(seed.training().microBatch(), r.training().microBatch());
    assertEquals(seed.training().augmentation(), r.training().augmentation());
    assertFalse(r.training().validationPatches() > 4);
  }
}
