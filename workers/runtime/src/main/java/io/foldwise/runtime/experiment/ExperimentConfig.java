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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One named experiment, parsed from {@code experiments/<name>.yaml} and validated on load. Its
 * canonical form ({@link #canonicalJson()}: every default filled in, keys sorted) is hashed; the
 * short hash is part of every identity string ({@link #identity()}, {@link #foldIdentity(int)}) that
 * names MLflow runs, MinIO prefixes and Conductor correlation ids. The description is not hashed.
 */
public record ExperimentConfig(String name, String description, long seed, DataSpec data,
    PreprocessingSpec preprocessing, ModelSpec model, TrainingSpec training,
    EvaluationSpec evaluation) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
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
    String name = root.string("name");
    if (!NAME.matcher(name).matches()) {
      throw root.error("name", "must be lower-case letters, digits and '-' (at most 63), got '" + name + "'");
    }
    String description = root.string("description", "");
    long seed = root.integer("seed", 0, Long.MAX_VALUE);
    DataSpec data = DataSpec.read(root.object("data"));
    PreprocessingSpec pre = PreprocessingSpec.read(root.object("preprocessing"));
    ModelSpec model = ModelSpec.read(root.object("model"));
    TrainingSpec training = TrainingSpec.read(root.object("training"));
    EvaluationSpec evaluation =
        EvaluationSpec.read(root.object("evaluation"), model.patch(), data.classes());
    root.finish();
    return new ExperimentConfig(name, description, seed, data, pre, model, training, evaluation);
  }

  /** The canonical nested form: snake_case keys as in the YAML file, every default filled in. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new TreeMap<>();
    m.put("name", name);
    m.put("description", description);
    m.put("seed", seed);
    Map<String, Object> d = new TreeMap<>();
    d.put("classes", data.classes());
    if (data.isPhantom()) {
      PhantomSource ph = data.phantom();
      Map<String, Object> pm = sorted("cases", ph.cases(), "shape", ints(ph.shape()), "seed", ph.seed());
      if (ph.slices() != null) { // absent when not given, so files without it keep their hash
        pm.put("slices", ints(ph.slices()));
      }
      if (ph.windowed() > 0) { // likewise
        pm.put("windowed", ph.windowed());
      }
      d.put("phantom", pm);
    } else {
      d.put("images", sorted("url", data.images().url(), "sha256", data.images().sha256()));
      d.put("masks", sorted("url", data.masks().url(), "sha256", data.masks().sha256()));
    }
    m.put("data", d);
    PreprocessingSpec p = preprocessing;
    m.put("preprocessing", sorted("clip", List.of(p.clipMin(), p.clipMax()), "grayscale", p.grayscale(),
        "target_spacing", doubles(p.targetSpacing()), "image_interpolation", p.imageInterpolation(),
        "label_interpolation", p.labelInterpolation(), "zscore", p.zscore()));
    m.put("model", sorted("architecture", "unet3d_standard", "depth", model.depth(),
        "base_filters", model.baseFilters(), "patch", ints(model.patch()), "bn_momentum", model.bnMomentum()));
    TrainingSpec t = training;
    PlateauSpec r = t.reduceLrOnPlateau();
    Map<String, Object> tm = sorted("folds", t.folds(), "epochs", t.epochs(),
        "iterations_per_epoch", t.iterationsPerEpoch(), "batch_size", t.batchSize(),
        "micro_batch", t.microBatch(), "learning_rate", t.learningRate(), "loss", t.loss(),
        "metrics", t.metrics(), "batch_queue_size", t.batchQueueSize(), "augmentation", t.augmentation());
    if (t.validationPatches() > 0) { // absent when off, so files without it keep their hash
      tm.put("validation_patches", t.validationPatches());
    }
    if (t.foregroundOversampling() > 0) { // likewise
      tm.put("foreground_oversampling", t.foregroundOversampling());
    }
    tm.put("reduce_lr_on_plateau", sorted("monitor", r.monitor(), "factor", r.factor(),
        "patience", r.patience(), "min_delta", r.minDelta(), "cooldown", r.cooldown(), "min_lr", r.minLr()));
    tm.put("early_stopping", sorted("monitor", t.earlyStopping().monitor(),
        "patience", t.earlyStopping().patience()));
    m.put("training", tm);
    Map<String, Object> em = sorted("overlap", ints(evaluation.overlap()), "gaussian", evaluation.gaussian(),
        "nsd_tolerance_mm", doubles(evaluation.nsdToleranceMm()), "overlays", evaluation.overlays());
    if (!evaluation.groups().isEmpty()) { // absent when none, so files without groups keep their hash
      em.put("groups", new TreeMap<>(evaluation.groups()));
    }
    m.put("evaluation", em);
    return m;
  }

  /** Canonical JSON: {@link #toMap()} with sorted keys, compact. */
  public String canonicalJson() {
    return json(toMap());
  }

  /** SHA-256 (hex) of the canonical JSON without the description. */
  public String hash() {
    Map<String, Object> m = toMap();
    m.remove("description");
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
    out.remove("description");
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

  private static Map<String, Object> sorted(Object... keyValues) {
    Map<String, Object> m = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static List<Integer> ints(int[] values) {
    List<Integer> out = new ArrayList<>();
    for (int v : values) {
      out.add(v);
    }
    return out;
  }

  private static List<Double> doubles(double[] values) {
    List<Double> out = new ArrayList<>();
    for (double v : values) {
      out.add(v);
    }
    return out;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write canonical JSON", e);
    }
  }

}
