package io.foldwise.runtime.experiment;

import io.foldwise.runtime.artifact.StageCache;
import java.util.Map;

/**
 * Where each stage's output lives in the artifact store. The cacheable stages (download, explore,
 * preprocess) are content-addressed: prefix = hash of (stage, what it depends on, stage code
 * version), so two experiments or two launches that agree on those share the output. Runs and folds
 * are named by the experiment identity.
 */
public final class StageKeys {
  /** Bump when a stage's output would change for the same inputs. */
  public static final String DOWNLOAD_VERSION = "1";
  public static final String EXPLORE_VERSION = "1";
  public static final String PREPROCESS_VERSION = "1";

  private StageKeys() {}

  /** {@code datasets/<key>}: the raw data set; depends on the archives' checksums (or the phantom spec), not the URLs. */
  public static String datasetPrefix(ExperimentConfig c) {
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) c.toMap().get("data");
    Object source = c.data().isPhantom() ? data.get("phantom")
        : Map.of("images", c.data().images().sha256(), "masks", c.data().masks().sha256());
    return "datasets/" + StageCache.key("download", source, DOWNLOAD_VERSION);
  }

  /** {@code explore/<key>}: the exploration report of a data set with these class names. */
  public static String explorePrefix(ExperimentConfig c, String dataHash) {
    return "explore/" + StageCache.key("explore", dataHash, c.data().classes(), EXPLORE_VERSION);
  }

  /** {@code preprocessed/<key>}: the data set after this preprocessing. */
  public static String preprocessPrefix(ExperimentConfig c, String dataHash) {
    return "preprocessed/" + StageCache.key("preprocess", dataHash, c.toMap().get("preprocessing"),
        c.data().classes(), PREPROCESS_VERSION);
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
