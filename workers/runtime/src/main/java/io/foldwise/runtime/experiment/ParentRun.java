package io.foldwise.runtime.experiment;

import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.Tracking;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MLflow parent run of one workflow execution: in the MLflow experiment named like the
 * Foldwise experiment, run name {@code <experiment>/<config-hash>/<workflow-id>}, tagged with the
 * workflow id and its Conductor link, experiment name, config hash, code version and seed, and
 * every setting as a param. Opening it again (task retry) returns the same run.
 */
public record ParentRun(String experimentId, String runId, String url) {
  public static ParentRun open(Tracking tracking, Settings settings, ExperimentConfig config,
      String workflowId) {
    String experimentId = tracking.experimentId(config.name());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("foldwise.workflow_id", workflowId);
    tags.put("foldwise.workflow_url", ConductorLinks.execution(settings, workflowId));
    tags.put("foldwise.experiment", config.name());
    tags.put("foldwise.config_hash", config.hash());
    tags.put("foldwise.identity", config.identity());
    tags.put("foldwise.code_version", CodeVersion.get());
    tags.put("foldwise.seed", String.valueOf(config.seed()));
    tags.put("mlflow.note.content", config.description());
    String runId = tracking.startRun(experimentId, StageKeys.parentRunName(config, workflowId), tags, null);
    tracking.logParams(runId, config.flatParams());
    return new ParentRun(experimentId, runId, tracking.runUrl(experimentId, runId));
  }

  /** The nested run of fold {@code fold} (run name = the fold identity), created on first use. */
  public static String openFold(Tracking tracking, ExperimentConfig config, String parentRunId, int fold,
      Map<String, String> extraTags) {
    String experimentId = tracking.experimentId(config.name());
    Map<String, String> tags = new LinkedHashMap<>(extraTags);
    tags.put("foldwise.experiment", config.name());
    tags.put("foldwise.config_hash", config.hash());
    tags.put("foldwise.fold", String.valueOf(fold));
    tags.put("foldwise.code_version", CodeVersion.get());
    tags.put("foldwise.seed", String.valueOf(config.seed()));
    String runId = tracking.startRun(experimentId, config.foldIdentity(fold), tags, parentRunId);
    tracking.logParams(runId, config.flatParams());
    return runId;
  }
}
