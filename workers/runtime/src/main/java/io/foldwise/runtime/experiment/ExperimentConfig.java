package io.foldwise.runtime.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.foldwise.segmentation.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One named experiment, parsed from {@code experiments/<name>.yaml} and validated on load. Its
 * canonical form ({@link #canonicalJson()}: every default filled in, keys sorted) is hashed; the
 * short hash is part of every identity string ({@link #identity()}, {@link #foldIdentity(int)}) that
 * names MLflow runs, MinIO prefixes and Conductor correlation ids. The description is not hashed.
 */
public record ExperimentConfig(String name, String description, long seed, DataSpec data,
    PreprocessingSpec preprocessing, ModelSpec model, TrainingSpec training,
    EvaluationSpec evaluation, SettingValues settings) {
  // a key written twice is an error, not "the last one wins" (a silent surprise in a hand-edited file)
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public ExperimentConfig {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(data, "data == null");
    Objects.requireNonNull(preprocessing, "preprocessing == null");
    Objects.requireNonNull(model, "model == null");
    Objects.requireNonNull(training, "training == null");
    Objects.requireNonNull(evaluation, "evaluation == null");
    Objects.requireNonNull(settings, "settings == null");
    description = description == null ? "" : description;
  }

  /** Reads and validates an experiment file; its file name (without .yaml) must equal its {@code name}. */
  public static ExperimentConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ExperimentConfigException(file + ": cannot read the experiment file (" + e.getMessage() + ")", e);
    }
    ExperimentConfig config = parse(text, file.getFileName().toString());
    String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    if (!expected.equals(config.name())) {
      throw new ExperimentConfigException(file.getFileName() + ": 'name' must equal the file name '"
          + expected + "', got '" + config.name() + "'");
    }
    return config;
  }

  /** Parses YAML text; {@code source} names the text in error messages. */
  public static ExperimentConfig parse(String yaml, String source) {
    JsonNode tree;
    try {
      tree = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ExperimentConfigException(source + ": not valid YAML (" + e.getOriginalMessage() + ")", e);
    }
    return read(new ConfigNode(source, "", tree));
  }

  /** Rebuilds a config from its {@link #toMap()} form (as it travels in Conductor task inputs). */
  public static ExperimentConfig fromMap(Map<String, ?> map, String source) {
    return read(new ConfigNode(source, "", JSON.valueToTree(map)));
  }

  private static ExperimentConfig read(ConfigNode root) {
    SettingValues v = SettingsReader.read(root, "", ExperimentSettings.ALL, SettingValues.empty());
    root.finish();
    return new ExperimentConfig(v.get(ExperimentSettings.NAME), v.get(ExperimentSettings.DESCRIPTION),
        v.get(ExperimentSettings.SEED), DataSpec.of(v),
        PreprocessingSpec.of(v), ModelSpec.of(v), TrainingSpec.of(v), EvaluationSpec.of(v), v);
  }

  /** The value of a declared setting, e.g. {@code config.get(ExperimentSettings.FOREGROUND_OVERSAMPLING)}. */
  public <T> T get(Setting<T> setting) {
    return settings.get(setting);
  }

  /**
   * The library config of type {@code type} (e.g. the U-Net's {@code UnetConfig}) built from the settings
   * declared {@code into} it ({@link LibraryConfigs}).
   */
  public <R extends Record> R library(Class<R> type) {
    return LibraryConfigs.build(type, settings, -1);
  }

  /** As {@link #library(Class)}, for a config that is per fold (the training config: its seed is seed + fold). */
  public <R extends Record> R library(Class<R> type, int fold) {
    return LibraryConfigs.build(type, settings, fold);
  }

  /** The canonical nested form: snake_case keys as in the YAML file, every default filled in. */
  public Map<String, Object> toMap() {
    return settings.canonicalMap();
  }

  /** The canonical form of the preprocessing section: what the preprocessed data's cache key hashes. */
  public Object canonicalPreprocessing() {
    return toMap().get(ExperimentSettings.CLIP.section());
  }

  /** Canonical JSON: {@link #toMap()} with sorted keys, compact. */
  public String canonicalJson() {
    return json(toMap());
  }

  /** SHA-256 (hex) of the canonical JSON without the description. */
  public String hash() {
    Map<String, Object> m = toMap();
    m.remove(ExperimentSettings.DESCRIPTION.key());
    return Sha256.of(json(m));
  }

  /** The first 12 hex digits of {@link #hash()}, used in names. */
  public String shortHash() {
    return hash().substring(0, 12);
  }

  /** {@code <experiment>/<config-hash>}: the unit of work "this experiment under this config". */
  public String identity() {
    return name + "/" + shortHash();
  }

  /** {@code <experiment>/<config-hash>/fold-<k>}: MLflow run name, MinIO prefix and correlation id of a fold. */
  public String foldIdentity(int fold) {
    if (fold < 0 || fold >= training.folds()) {
      throw new IllegalArgumentException("fold must be in 0.." + (training.folds() - 1) + ", got " + fold);
    }
    return identity() + "/fold-" + fold;
  }

  /**
   * Every setting flattened to dotted keys ({@code training.learning_rate} → {@code 1.0E-4}), for
   * MLflow params so the compare view lines runs up by any setting.
   */
  public Map<String, String> flatParams() {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", toMap(), out);
    out.remove(ExperimentSettings.DESCRIPTION.key());
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> map, Map<String, String> out) {
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(key, (Map<String, Object>) nested, out);
      } else if (e.getValue() instanceof List<?> list) {
        out.put(key, json(list));
      } else {
        out.put(key, String.valueOf(e.getValue()));
      }
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write canonical JSON", e);
    }
  }

}
