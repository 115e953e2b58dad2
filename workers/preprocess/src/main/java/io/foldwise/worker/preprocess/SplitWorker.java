package io.foldwise.worker.preprocess;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.StageCache;
import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.runtime.conductor.StageWorker;
import io.foldwise.runtime.conductor.TaskContext;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.experiment.TaskInputs;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.segmentation.folds.FoldSplit;
import io.foldwise.segmentation.folds.KFold;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code foldwise_split}: the seeded k-fold split of the preprocessed cases, stored as
 * {@code runs/<experiment>/<config-hash>/split.json} with its SHA-256, and the dynamic fork's task
 * list: one {@code foldwise_train_fold} sub-workflow per fold, marked permissive so a failing fold
 * lets its siblings finish and a retry reruns only that fold.
 */
public final class SplitWorker extends StageWorker {
  /** The task inputs this worker reads: exactly its task definition's inputParameters (a test checks). */
  public static final java.util.List<String> INPUTS = java.util.List.of("config", "samplesPrefix", "datasetPrefix", "parentRunId");
  public static final String FOLD_WORKFLOW = "foldwise_train_fold";
  private final ArtifactStore store;
  private final Tracking tracking;

  public SplitWorker(ArtifactStore store, Tracking tracking) {
    super("foldwise_split", INPUTS);
    this.store = store;
    this.tracking = tracking;
  }

  @Override
  protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) {
    ExperimentConfig config = TaskInputs.config(input);
    String samplesPrefix = TaskInputs.string(input, "samplesPrefix");
    String parentRunId = TaskInputs.string(input, "parentRunId");
    Map<String, Object> samples = new StageCache(store).manifest(samplesPrefix).orElseThrow(
        () -> new InvalidInputException("no committed preprocessed samples at " + store.uri(samplesPrefix)
            + "; run the preprocess stage first"));
    @SuppressWarnings("unchecked")
    List<String> caseIds = (List<String>) samples.get("cases");
    FoldSplit split;
    try {
      split = KFold.split(caseIds, config.training().folds(), config.seed());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("split: " + e.getMessage(), e);
    }
    String splitKey = StageKeys.runPrefix(config) + "/split.json";
    byte[] json = split.toJson().getBytes(StandardCharsets.UTF_8);
    store.putBytes(splitKey, json, "application/json");
    String splitHash = split.sha256();
    tracking.setTag(parentRunId, "foldwise.split_hash", splitHash);
    tracking.uploadArtifact(parentRunId, "split.json", json);
    ctx.log(split.k() + " folds over " + caseIds.size() + " cases, split " + splitHash + " at " + store.uri(splitKey));

    List<Map<String, Object>> tasks = new java.util.ArrayList<>();
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (int k = 0; k < split.k(); k++) {
      String ref = "fold_" + k;
      Map<String, Object> task = new LinkedHashMap<>();
      task.put("name", FOLD_WORKFLOW);
      task.put("taskReferenceName", ref);
      task.put("type", "SUB_WORKFLOW");
      task.put("subWorkflowParam", Map.of("name", FOLD_WORKFLOW, "version", 1));
      task.put("permissive", true);
      tasks.add(task);
      Map<String, Object> in = new LinkedHashMap<>();
      in.put("config", input.get("config"));
      in.put("fold", k);
      in.put("samplesPrefix", samplesPrefix);
      in.put("datasetPrefix", input.get("datasetPrefix"));
      in.put("splitKey", splitKey);
      in.put("splitHash", splitHash);
      in.put("parentRunId", parentRunId);
      inputs.put(ref, in);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("splitKey", splitKey);
    out.put("splitHash", splitHash);
    out.put("folds", split.k());
    out.put("forkTasks", tasks);
    out.put("forkInputs", inputs);
    return out;
  }
}
