package io.foldwise.runtime.experiment;

import io.foldwise.runtime.artifact.StageCache;
import java.util.Map;

/**
 * Where each stage's output lives in the artifact store. The cacheable stages (download, explore,
 * preprocess) are content-addressed: prefix = hash of (stage, what it depends on, the code that computes
 * it), so two experiments or two launches that agree on those share the output. The code is the stage
 * worker's {@link CodeFingerprint}, derived from the compiled classes: changing a stage's code (or a
 * library class it uses) gives a new key, and the stages after it see new inputs. Runs and folds are named
 * by the experiment identity; a fold's checkpoints are reused only when its {@link FoldInputs} match.
 */
public final class StageKeys {
  private StageKeys() {}

  /** {@code datasets/<key>}: the raw data set; depends on the archives' checksums (or the phantom spec), not the URLs. */
  public static String datasetPrefix(ExperimentConfig c, String code) {
    return "datasets/" + StageCache.key("download", datasetSource(c), code);
  }

  /** What the download key hashes besides the code: the archives' checksums, or the phantom spec. */
  public static Object datasetSource(ExperimentConfig c) {
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) c.toMap().get("data");
    return c.data().isPhantom() ? data.get("phantom")
        : Map.of("images", c.data().images().sha256(), "masks", c.data().masks().sha256());
  }

  /** {@code explore/<key>}: the exploration report of a data set with these class names. */
  public static String explorePrefix(ExperimentConfig c, String dataHash, String code) {
    return "explore/" + StageCache.key("explore", dataHash, c.data().classes(), code);
  }

  /** {@code preprocessed/<key>}: the data set after this preprocessing. */
  public static String preprocessPrefix(ExperimentConfig c, String dataHash, String code) {
    return "preprocessed/" + StageCache.key("preprocess", dataHash, c.canonicalPreprocessing(),
        c.data().classes(), code);
  }

  /** {@code runs/<experiment>/<config-hash>}: split, summaries. */
  public static String runPrefix(ExperimentConfig c) {
    return "runs/" + c.identity();
  }

  /** {@code runs/<experiment>/<config-hash>/fold-<k>}: checkpoints, model, evaluation of one fold. */
  public static String foldPrefix(ExperimentConfig c, int fold) {
    return "runs/" + c.foldIdentity(fold);
  }

  /** The MLflow run name of one workflow execution: {@code <experiment>/<config-hash>/<workflow-id>}. */
  public static String parentRunName(ExperimentConfig c, String workflowId) {
    return c.identity() + "/" + workflowId;
  }

  /** The Conductor workflow name of a named experiment: {@code foldwise_<name with _ for ->}. */
  public static String workflowName(String experimentName) {
    return "foldwise_" + experimentName.replace('-', '_');
  }
}
