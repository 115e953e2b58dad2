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
 * lets its siblings finish and a retry reruns only that fold. Each fold's task and input are defined in
 * {@code definitions/forks/foldwise_train_fold.json} ({@link ForkTemplate}), filled in here.
 */
public final class SplitWorker extends StageWorker {
  /** The task inputs this worker reads: exactly its task definition's inputParameters (a test checks). */
  public static final java.util.List<String> INPUTS = java.util.List.of("config", "samplesPrefix", "datasetPrefix", "parentRunId");
  private final ArtifactStore store;
  private final ForkTemplate fork = ForkTemplate.load();
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

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("splitKey", splitKey);
    out.put("splitHash", splitHash);
    out.put("folds", split.k());
    out.putAll(fork.fork(split.k(), input, out)); // forkTasks, forkInputs: as definitions/forks/ defines them
    return out;
  }
}
