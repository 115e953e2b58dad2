package io.foldwise.workflows;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.StageCache;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which stages a launch will reuse from the artifact store, computed the way the workers compute
 * their prefixes: download, explore and preprocess by content key, folds by a final checkpoint.
 */
public final class CachePreview {
  /** One stage: its name, whether its output is already stored, and where. */
  public record Stage(String name, boolean reused, String uri) {
    @Override
    public String toString() {
      return String.format("%-12s %s  %s", name, reused ? "reused from cache" : "will run         ", uri);
    }
  }

  private CachePreview() {}

  public static List<Stage> of(ArtifactStore store, ExperimentConfig config) {
    StageCache cache = new StageCache(store);
    List<Stage> out = new ArrayList<>();
    String dataset = StageKeys.datasetPrefix(config);
    Optional<Map<String, Object>> downloaded = cache.manifest(dataset);
    out.add(new Stage("download", downloaded.isPresent(), store.uri(dataset)));
    if (downloaded.isPresent()) {
      String dataHash = (String) downloaded.get().get("dataHash");
      String explore = StageKeys.explorePrefix(config, dataHash);
      out.add(new Stage("explore", cache.manifest(explore).isPresent(), store.uri(explore)));
      String pre = StageKeys.preprocessPrefix(config, dataHash);
      out.add(new Stage("preprocess", cache.manifest(pre).isPresent(), store.uri(pre)));
    } else {
      out.add(new Stage("explore", false, "(after download)"));
      out.add(new Stage("preprocess", false, "(after download)"));
    }
    for (int k = 0; k < config.training().folds(); k++) {
      String fin = FoldFiles.checkpointPrefix(config, k) + "/final.zip";
      String latest = FoldFiles.checkpointPrefix(config, k) + "/latest.zip";
      boolean done = store.exists(fin);
      String name = "train fold-" + k;
      if (!done && store.exists(latest)) {
        out.add(new Stage(name, false, store.uri(latest) + " (resumes from this checkpoint)"));
      } else {
        out.add(new Stage(name, done, store.uri(done ? fin : StageKeys.foldPrefix(config, k))));
      }
    }
    return out;
  }
}
