package io.foldwise.runtime.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.ModelSpec;
import io.foldwise.runtime.experiment.PreprocessingSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The {@code MLmodel} file of one fold's model directory in MLflow ({@code model/MLmodel} beside
 * {@code model/model.zip}): MLflow's own keys ({@code artifact_path}, {@code flavors}, {@code model_uuid},
 * {@code run_id}, {@code utc_time_created}, {@code metadata}) and the flavor {@value #FLAVOR}, which says what
 * the zip is and everything needed to segment a scan with it: the U-Net's input patch and classes, the
 * experiment's preprocessing (its target spacing is the grid the model works on), the sliding window, and
 * the native build that computed it. {@code ./foldwise predict} reads it back with {@link #parse}.
 */
public record MlModel(String experiment, String configHash, int fold, String runId, Instant created,
    List<String> classes, ModelSpec model, PreprocessingSpec preprocessing, int[] overlap, boolean gaussian,
    List<String> mirror, Map<String, String> mirrorSwap, String nativeBuild, String codeVersion) {
  /** The flavor name in {@code flavors:}. */
  public static final String FLAVOR = "foldwise_dl4j";
  /** The model directory's file names. */
  public static final String FILE = "MLmodel";
  public static final String DATA = "model.zip";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final DateTimeFormatter MLFLOW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  public MlModel {
    Objects.requireNonNull(experiment, "experiment == null");
    Objects.requireNonNull(configHash, "configHash == null");
    Objects.requireNonNull(runId, "runId == null");
    Objects.requireNonNull(created, "created == null");
    classes = List.copyOf(classes);
    Objects.requireNonNull(model, "model == null");
    Objects.requireNonNull(preprocessing, "preprocessing == null");
    overlap = overlap.clone();
    mirror = List.copyOf(mirror);
    mirrorSwap = Collections.unmodifiableMap(new TreeMap<>(mirrorSwap));
    Objects.requireNonNull(nativeBuild, "nativeBuild == null");
    Objects.requireNonNull(codeVersion, "codeVersion == null");
  }

  /** The MLmodel of fold {@code fold} of {@code config}, trained in MLflow run {@code runId}. */
  public static MlModel of(ExperimentConfig config, int fold, String runId, Instant created, String nativeBuild,
      String codeVersion) {
    return new MlModel(config.name(), config.hash(), fold, runId, created, config.data().classes(), config.model(),
        config.preprocessing(), config.evaluation().overlap(), config.evaluation().gaussian(),
        config.evaluation().mirror(), config.evaluation().mirrorSwap(), nativeBuild, codeVersion);
  }

  @Override
  public int[] overlap() {
    return overlap.clone();
  }

  /** The registered model name of a fold: {@code <experiment>-fold-<k>}. */
  public static String registeredName(String experiment, int fold) {
    return experiment + "-fold-" + fold;
  }

  /** MLflow's model_uuid (32 hex digits), derived from the run and fold so a retried registration writes the same file. */
  public String modelUuid() {
    return UUID.nameUUIDFromBytes(("foldwise:" + runId + ":fold-" + fold).getBytes(StandardCharsets.UTF_8))
        .toString().replace("-", "");
  }

  /** The file's text (YAML; the same record gives the same bytes). */
  public String render() {
    PreprocessingSpec p = preprocessing;
    StringBuilder y = new StringBuilder();
    y.append("artifact_path: model\n");
    y.append("flavors:\n");
    y.append("  ").append(FLAVOR).append(":\n");
    y.append("    data: ").append(DATA).append('\n');
    y.append("    format: dl4j_computation_graph\n");
    y.append("    loader: io.foldwise.unet.model.ModelIO.read\n");
    y.append("    architecture: unet3d_standard\n");
    y.append("    depth: ").append(model.depth()).append('\n');
    y.append("    base_filters: ").append(model.baseFilters()).append('\n');
    y.append("    bn_momentum: ").append(model.bnMomentum()).append('\n');
    y.append("    input_patch: ").append(ints(model.patch())).append("  # x, y, z voxels on the preprocessed grid\n");
    y.append("    input_channels: 1\n");
    y.append("    tensor_layout: NDHWC\n");
    y.append("    output: softmax\n");
    y.append("    classes: ").append(strings(classes)).append("  # label value = position\n");
    y.append("    spacing_mm: ").append(doubles(p.targetSpacing())).append('\n');
    y.append("    preprocessing:\n");
    y.append("      clip: ").append(doubles(new double[] {p.clipMin(), p.clipMax()})).append('\n');
    y.append("      grayscale: ").append(p.grayscale()).append('\n');
    y.append("      target_spacing: ").append(doubles(p.targetSpacing())).append('\n');
    y.append("      image_interpolation: ").append(quote(p.imageInterpolation())).append('\n');
    y.append("      label_interpolation: ").append(quote(p.labelInterpolation())).append('\n');
    y.append("      zscore: ").append(p.zscore()).append('\n');
    y.append("    sliding_window:\n");
    y.append("      overlap: ").append(ints(overlap)).append('\n');
    y.append("      gaussian: ").append(gaussian).append('\n');
    y.append("      mirror: ").append(strings(mirror)).append("  # test-time mirroring axes, softmax averaged\n");
    y.append("      mirror_swap: {").append(mirrorSwap.entrySet().stream()
        .map(e -> quote(e.getKey()) + ": " + quote(e.getValue())).collect(Collectors.joining(", ")))
        .append("}  # classes that trade places when x is mirrored\n");
    y.append("    native_build: ").append(quote(nativeBuild)).append('\n');
    y.append("metadata:\n");
    y.append("  foldwise.experiment: ").append(quote(experiment)).append('\n');
    y.append("  foldwise.config_hash: ").append(quote(configHash)).append('\n');
    y.append("  foldwise.fold: ").append(fold).append('\n');
    y.append("  foldwise.code_version: ").append(quote(codeVersion)).append('\n');
    y.append("  foldwise.registered_model: ").append(quote(registeredName(experiment, fold))).append('\n');
    y.append("  foldwise.predict: ").append(quote("./foldwise predict --model " + registeredName(experiment, fold)
        + " --input scan.nii.gz --out seg.nii.gz")).append('\n');
    y.append("model_uuid: ").append(modelUuid()).append('\n');
    y.append("run_id: ").append(quote(runId)).append('\n');
    y.append("utc_time_created: '").append(MLFLOW_TIME.format(created)).append("'\n");
    return y.toString();
  }

  /**
   * An MLmodel file read back; {@code source} names it in errors. A file without the {@value #FLAVOR} flavor
   * (not a Foldwise model) or with a missing key is refused with a message naming the source and the key.
   */
  public static MlModel parse(String text, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not a YAML MLmodel file: " + e.getMessage(), e);
    }
    JsonNode f = root == null ? null : root.path("flavors").get(FLAVOR);
    if (f == null) {
      List<String> flavors = new ArrayList<>();
      if (root != null) {
        root.path("flavors").fieldNames().forEachRemaining(flavors::add);
      }
      throw new IllegalArgumentException(source + ": has no '" + FLAVOR + "' flavor (flavors: " + flavors
          + "); it is not a Foldwise U-Net model");
    }
    Reader r = new Reader(source);
    JsonNode m = root.path("metadata");
    JsonNode p = r.need(f, "preprocessing");
    JsonNode w = r.need(f, "sliding_window");
    double[] clip = r.doubles(p, "clip");
    PreprocessingSpec pre = new PreprocessingSpec(clip[0], clip[1], r.need(p, "grayscale").asBoolean(),
        r.doubles(p, "target_spacing"), r.need(p, "image_interpolation").asText(),
        r.need(p, "label_interpolation").asText(), r.need(p, "zscore").asBoolean());
    ModelSpec spec = new ModelSpec(r.need(f, "depth").asInt(), r.need(f, "base_filters").asInt(),
        r.ints(f, "input_patch"), r.need(f, "bn_momentum").asDouble());
    List<String> classes = new ArrayList<>();
    r.need(f, "classes").forEach(c -> classes.add(c.asText()));
    Instant created = Instant.from(MLFLOW_TIME.parse(r.need(root, "utc_time_created").asText()));
    // models registered before test-time mirroring have neither key: they were evaluated without it
    List<String> mirror = new ArrayList<>();
    w.path("mirror").forEach(a -> mirror.add(a.asText()));
    Map<String, String> swap = new TreeMap<>();
    w.path("mirror_swap").fields().forEachRemaining(e -> swap.put(e.getKey(), e.getValue().asText()));
    return new MlModel(r.need(m, "foldwise.experiment").asText(), r.need(m, "foldwise.config_hash").asText(),
        r.need(m, "foldwise.fold").asInt(), r.need(root, "run_id").asText(), created, classes, spec, pre,
        r.ints(w, "overlap"), r.need(w, "gaussian").asBoolean(), mirror, swap, r.need(f, "native_build").asText(),
        r.need(m, "foldwise.code_version").asText());
  }

  private record Reader(String source) {
    JsonNode need(JsonNode node, String key) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull()) {
        throw new IllegalArgumentException(source + ": MLmodel lacks '" + key + "'; register the model again "
            + "(the evaluate stage writes it)");
      }
      return v;
    }

    double[] doubles(JsonNode node, String key) {
      JsonNode v = need(node, key);
      double[] out = new double[v.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = v.get(i).asDouble();
      }
      return out;
    }

    int[] ints(JsonNode node, String key) {
      JsonNode v = need(node, key);
      int[] out = new int[v.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = v.get(i).asInt();
      }
      return out;
    }
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String strings(List<String> values) {
    return values.stream().map(MlModel::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String ints(int[] values) {
    return Arrays.stream(values).mapToObj(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String doubles(double[] values) {
    return Arrays.stream(values).mapToObj(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlModel m && m.render().equals(render());
  }

  @Override
  public int hashCode() {
    return render().hashCode();
  }
}
