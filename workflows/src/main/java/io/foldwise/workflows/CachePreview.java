package io.foldwise.workflows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.StageCache;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.FoldInputs;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.segmentation.folds.KFold;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which stages a launch will reuse from the artifact store, computed the way the workers compute their
 * keys (data, settings and the stages' code fingerprints, {@link WorkerCode}), and why a stage will run again: compared
 * with what the previous launch of the same named experiment used ({@code runs/<experiment>/last-launch.json},
 * written by {@link #remember}) and, for folds, with the fold's recorded {@link FoldInputs}.
 */
public final class CachePreview {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One stage: its name, whether its output is reused, where it is, and why it will run when it will. */
  public record Stage(String name, boolean reused, String uri, String reason) {
    public Stage(String name, boolean reused, String uri) {
      this(name, reused, uri, "");
    }

    @Override
    public String toString() {
      return String.format("%-12s %s  %s%s", name, reused ? "reused from cache" : "will run         ", uri,
          reason.isEmpty() ? "" : "  (" + reason + ")");
    }
  }

  /** The key parts of one launch, to explain the next one. */
  record Keys(Map<String, Object> values) {
    String get(String k) {
      Object v = values.get(k);
      return v == null ? null : v.toString();
    }
  }

  private CachePreview() {}

  /** The preview with the workers built under {@code FOLDWISE_ROOT} (or the working directory). */
  public static List<Stage> of(ArtifactStore store, ExperimentConfig config) {
    String root = System.getenv("FOLDWISE_ROOT");
    return of(store, config, new WorkerCode(java.nio.file.Path.of(root == null || root.isBlank() ? "." : root)));
  }

  public static List<Stage> of(ArtifactStore store, ExperimentConfig config, WorkerCode workers) {
    StageCache cache = new StageCache(store);
    Map<String, String> code = workers.all();
    Keys now = keys(config, code);
    Optional<Keys> last = lastLaunch(store, config);
    List<Stage> out = new ArrayList<>();
    String dataset = StageKeys.datasetPrefix(config, code.get("download"));
    Optional<Map<String, Object>> downloaded = cache.manifest(dataset);
    out.add(new Stage("download", downloaded.isPresent(), store.uri(dataset), downloaded.isPresent() ? ""
        : why(now, last, List.of("source", "data source changed", "download", "download code changed"))));
    if (downloaded.isEmpty()) {
      out.add(new Stage("explore", false, "(after download)"));
      out.add(new Stage("preprocess", false, "(after download)"));
      for (int k = 0; k < config.training().folds(); k++) {
        out.add(new Stage("train fold-" + k, false, store.uri(StageKeys.foldPrefix(config, k)),
            "after download"));
      }
      return out;
    }
    String dataHash = (String) downloaded.get().get("dataHash");
    Optional<String> lastData = last.map(l -> l.get("datasetPrefix")).flatMap(cache::manifest)
        .map(m -> (String) m.get("dataHash"));
    boolean dataChanged = lastData.isPresent() && !lastData.get().equals(dataHash);
    String explore = StageKeys.explorePrefix(config, dataHash, code.get("explore"));
    boolean explored = cache.manifest(explore).isPresent();
    out.add(new Stage("explore", explored, store.uri(explore), explored ? "" : dataChanged ? "data changed"
        : why(now, last, List.of("classes", "class names changed", "explore", "exploration code changed"))));
    String pre = StageKeys.preprocessPrefix(config, dataHash, code.get("preprocess"));
    boolean preprocessed = cache.manifest(pre).isPresent();
    out.add(new Stage("preprocess", preprocessed, store.uri(pre), preprocessed ? "" : dataChanged ? "data changed"
        : why(now, last, List.of("preprocessing", "preprocessing settings changed", "classes", "class names changed",
            "preprocess", "preprocessing code changed"))));
    @SuppressWarnings("unchecked")
    List<String> cases = (List<String>) downloaded.get().get("cases");
    String splitHash = KFold.split(cases, config.training().folds(), config.seed()).sha256();
    FoldInputs wanted = new FoldInputs(pre, splitHash, code.get("train"));
    for (int k = 0; k < config.training().folds(); k++) {
      out.add(fold(store, config, k, wanted, last));
    }
    return out;
  }

  private static Stage fold(ArtifactStore store, ExperimentConfig config, int k, FoldInputs wanted,
      Optional<Keys> last) {
    String fin = FoldFiles.checkpointPrefix(config, k) + "/final.zip";
    String latest = FoldFiles.checkpointPrefix(config, k) + "/latest.zip";
    boolean done = store.exists(fin);
    boolean started = done || store.exists(latest);
    String name = "train fold-" + k;
    List<String> stale = FoldInputs.staleness(FoldInputs.read(store, config, k), started, wanted);
    if (!stale.isEmpty()) {
      return new Stage(name, false, store.uri(StageKeys.foldPrefix(config, k)), String.join(", ", stale));
    }
    if (done) {
      return new Stage(name, true, store.uri(fin));
    }
    if (started) {
      return new Stage(name, false, store.uri(latest), "resumes from this checkpoint");
    }
    String reason = last.map(l -> Objects.equals(l.get("configHash"), config.hash()) ? "not trained yet"
        : "settings changed: new config " + config.shortHash()).orElse("first launch");
    return new Stage(name, false, store.uri(StageKeys.foldPrefix(config, k)), reason);
  }

  /** The first listed part that differs from the last launch names the reason; else a generic one. */
  private static String why(Keys now, Optional<Keys> last, List<String> partsAndReasons) {
    if (last.isEmpty()) {
      return "first launch";
    }
    for (int i = 0; i < partsAndReasons.size(); i += 2) {
      String part = partsAndReasons.get(i);
      if (!Objects.equals(now.get(part), last.get().get(part))) {
        return partsAndReasons.get(i + 1);
      }
    }
    return "not in the artifact store";
  }

  static Keys keys(ExperimentConfig config, Map<String, String> code) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("configHash", config.hash());
    m.put("source", StageCache.key("source", StageKeys.datasetSource(config)));
    m.put("datasetPrefix", StageKeys.datasetPrefix(config, code.get("download")));
    m.put("classes", StageCache.key("classes", config.data().classes()));
    m.put("preprocessing", StageCache.key("preprocessing", config.canonicalPreprocessing()));
    m.putAll(code);
    return new Keys(m);
  }

  static String lastLaunchKey(ExperimentConfig config) {
    return "runs/" + config.name() + "/last-launch.json";
  }

  private static Optional<Keys> lastLaunch(ArtifactStore store, ExperimentConfig config) {
    String key = lastLaunchKey(config);
    if (!store.exists(key)) {
      return Optional.empty();
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(store.getBytes(key), Map.class);
      return Optional.of(new Keys(m));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Records what this launch keys on, so the next launch of the experiment can say what changed. */
  static void remember(ArtifactStore store, ExperimentConfig config, WorkerCode workers) {
    try {
      store.putBytes(lastLaunchKey(config), JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(keys(config, workers.all()).values()), "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
