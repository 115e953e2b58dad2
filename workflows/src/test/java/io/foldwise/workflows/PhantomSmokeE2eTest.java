package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.StageCache;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.tracking.Tracking;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;

/**
 * The named experiment {@code phantom-smoke}, launched as a user would (registered definitions,
 * {@code foldwise_phantom_smoke} with no input), through all six worker services running as
 * separate processes, to COMPLETED; then the server-side state in MinIO and MLflow; then a second
 * launch that reuses download, exploration and preprocessing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhantomSmokeE2eTest {
  static E2e e2e;
  static ExperimentConfig config;
  static Workflow first;

  @BeforeAll
  static void launchOnce() throws Exception {
    e2e = E2e.get();
    config = e2e.named("phantom-smoke");
    // train from scratch even when an earlier test run on this stack left checkpoints
    e2e.session.store().deletePrefix(StageKeys.runPrefix(config) + "/");
    Launch launch = e2e.launch(config);
    assertEquals(config.identity(), launch.correlationId());
    first = e2e.await(launch.workflowId(), Duration.ofMinutes(20));
  }

  @Test
  @Order(1)
  void completesThroughEveryStage() {
    E2e.assertCompleted(first);
    for (String ref : List.of("experiment", "download", "explore", "preprocess", "split", "folds", "folds_join",
        "aggregate")) {
      assertEquals("COMPLETED", E2e.task(first, ref).getStatus().name(), ref);
    }
    assertEquals("foldwise_phantom_smoke", first.getWorkflowName());
    assertEquals(config.identity(), first.getCorrelationId());
    for (Workflow fold : e2e.folds(first, config.training().folds())) {
      E2e.assertCompleted(fold);
    }
  }

  @Test
  @Order(1)
  void everyWorkerTaskSaysWhereItsTimeWentAndTheSplitAddsUp() {
    ExecutionTiming.Report r = ExecutionTiming.of(first, e2e::workflow);
    r.lines().forEach(System.out::println);
    List<ExecutionTiming.Step> workerSteps = r.steps().stream().filter(s -> s.type().equals("SIMPLE")).toList();
    // download, explore, preprocess, split, aggregate and a train and an evaluate task per fold
    assertEquals(5 + 2 * config.training().folds(), workerSteps.size(), workerSteps.toString());
    for (ExecutionTiming.Step s : workerSteps) {
      Map<String, Long> t = s.timing();
      assertTrue(t != null && t.get("runMs") >= t.get("computeMs"), s.toString());
      assertEquals(t.get("runMs"), t.get("computeMs") + t.get("storageMs") + t.get("trackingMs") + t.get("taskLogMs"),
          s.toString());
      assertTrue(t.get("runMs") <= s.end() - s.start() + 5, "the worker's run fits in Conductor's span: " + s);
    }
    ExecutionTiming.Step train = workerSteps.stream().filter(s -> s.name().endsWith("/train")).findFirst().orElseThrow();
    assertTrue(train.timing().get("storageMs") > 0, "training reads samples and writes checkpoints: " + train);
    assertTrue(train.timing().get("trackingMs") > 0, "training logs metrics to MLflow: " + train);
    assertEquals(r.wallMs(), r.parts().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(first.getEndTime() - first.getStartTime(), r.wallMs());
    assertTrue(r.orchestrationShare() > 0 && r.orchestrationShare() < 1, "share " + r.orchestrationShare());
  }

  @Test
  @Order(2)
  void minioHoldsDataSamplesSplitCheckpointsModels() {
    ArtifactStore store = e2e.session.store();
    StageCache cache = new StageCache(store);
    Map<String, Object> out = first.getOutput();
    String datasetPrefix = StageKeys.datasetPrefix(config, new WorkerCode(e2e.session.settings().root()).of("download"));
    Map<String, Object> dataset = cache.manifest(datasetPrefix).orElseThrow();
    @SuppressWarnings("unchecked")
    List<String> cases = (List<String>) dataset.get("cases");
    assertEquals(config.data().phantom().cases(), cases.size());
    for (String c : cases) {
      assertTrue(store.exists(datasetPrefix + "/images/" + c + ".nii.gz"), c);
      assertTrue(store.exists(datasetPrefix + "/masks/" + c + ".nii.gz"), c);
      assertTrue(store.exists(out.get("samplesPrefix") + "/images/" + c + ".nii.gz"), c);
      assertTrue(store.exists(out.get("samplesPrefix") + "/labels/" + c + ".nii.gz"), c);
    }
    assertEquals(out.get("dataHash"), dataset.get("dataHash"));
    assertTrue(store.exists(StageKeys.explorePrefix(config, (String) out.get("dataHash"),
        new WorkerCode(e2e.session.settings().root()).of("explore")) + "/exploration.csv"));
    assertTrue(store.exists((String) out.get("splitKey")));
    for (int k = 0; k < config.training().folds(); k++) {
      for (String file : List.of("latest.zip", "best.zip", "final.zip")) {
        assertTrue(store.exists(FoldFiles.checkpointPrefix(config, k) + "/" + file), "fold " + k + " " + file);
      }
      assertTrue(store.exists(FoldFiles.modelKey(config, k)), "fold " + k + " model");
      assertTrue(store.exists(FoldFiles.metricsKey(config, k)), "fold " + k + " metrics");
      assertFalse(store.list(FoldFiles.overlayPrefix(config, k) + "/").isEmpty(), "fold " + k + " overlays");
    }
    assertTrue(store.exists(StageKeys.runPrefix(config) + "/cv_summary.json"));
  }

  @Test
  @Order(3)
  void mlflowHoldsParentWithAggregatesAndPlotsAndOneNestedRunPerFold() throws Exception {
    String parentId = (String) first.getOutput().get("parentRunId");
    Run parent = e2e.mlflow.getRun(parentId);
    Map<String, String> tags = parent.getData().getTagsList().stream()
        .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue, (a, b) -> b));
    assertEquals(first.getWorkflowId(), tags.get("foldwise.workflow_id"));
    assertTrue(tags.get("foldwise.workflow_url").contains(first.getWorkflowId()), tags.toString());
    assertEquals("phantom-smoke", tags.get("foldwise.experiment"));
    assertEquals(config.hash(), tags.get("foldwise.config_hash"));
    assertEquals(first.getOutput().get("dataHash"), tags.get("foldwise.data_hash"));
    assertEquals(String.valueOf(config.seed()), tags.get("foldwise.seed"));
    assertTrue(tags.containsKey("foldwise.code_version"));
    assertEquals(StageKeys.parentRunName(config, first.getWorkflowId()), parent.getInfo().getRunName());
    assertEquals(RunStatus.FINISHED, parent.getInfo().getStatus());
    Map<String, Double> metrics = parent.getData().getMetricsList().stream()
        .collect(Collectors.toMap(Metric::getKey, Metric::getValue, (a, b) -> b));
    double lungs = metrics.get("cv.dice_lungs.mean");
    System.out.println("phantom-smoke cross-validation dice lungs mean " + lungs + ", median "
        + metrics.get("cv.dice_lungs.median") + ", infection mean " + metrics.get("cv.dice_infection.mean"));
    // issue 12 §5: lungs 0.983, infection 0.803 here (2 threads, AVX2); in-process (1 thread) seeds 7 and 8
    // measured lungs 0.985 and 0.985, infection 0.836 and 0.858. Lungs hold the 0.95 on every seed and
    // setting tried; infection swings with one 62-voxel lesion (0.0-0.92 for that case across the settings and
    // seeds tried), so its bar leaves room for that and catches a model that stopped learning
    assertTrue(lungs >= 0.95, "lung Dice " + lungs + " below the smoke bar 0.95");
    double infection = metrics.get("cv.dice_infection.mean");
    assertTrue(infection >= 0.65, "infection Dice " + infection + " below the smoke bar 0.65");
    assertTrue(metrics.containsKey("cv.dice_infection.median"));
    assertTrue(metrics.containsKey("cv.dice_lungs.sd"));
    // the workflow's output names every class and group of the experiment file, with MLflow's numbers
    @SuppressWarnings("unchecked")
    Map<String, Number> diceMean = (Map<String, Number>) first.getOutput().get("diceMean");
    assertEquals(List.of("background", "lung_L", "lung_R", "infection", "lungs"), List.copyOf(diceMean.keySet()));
    diceMean.forEach((name, v) -> assertEquals(metrics.get("cv.dice_" + name + ".mean"), v.doubleValue(), 1e-9, name));
    for (Workflow fold : e2e.folds(first, config.training().folds())) {
      @SuppressWarnings("unchecked")
      Map<String, Number> median = (Map<String, Number>) fold.getOutput().get("diceMedian");
      assertEquals(diceMean.keySet(), median.keySet(), "fold " + fold.getInput().get("fold"));
    }
    assertTrue(metrics.containsKey("explore.class_frequency_lung_L"), metrics.keySet().toString());
    assertTrue(parent.getData().getParamsList().stream().anyMatch(p -> p.getKey().equals("explore.cases")
        && p.getValue().equals(String.valueOf(config.data().phantom().cases()))));
    assertEquals("0.01", parent.getData().getParamsList().stream()
        .filter(p -> p.getKey().equals("training.learning_rate")).findFirst().orElseThrow().getValue());
    Tracking tracking = e2e.session.tracking();
    List<String> plots = tracking.listArtifacts(parentId, "plots");
    assertTrue(plots.stream().anyMatch(p -> p.endsWith("epoch_loss.png")), plots.toString());
    assertTrue(plots.stream().anyMatch(p -> p.endsWith("epoch_dice_crossentropy.png")), plots.toString());

    List<RunInfo> nested = e2e.mlflow.searchRuns(List.of(parent.getInfo().getExperimentId()),
        "tags.`mlflow.parentRunId` = '" + parentId + "'");
    assertEquals(config.training().folds(), nested.size());
    for (RunInfo fold : nested) {
      List<Metric> loss = e2e.mlflow.getMetricHistory(fold.getRunId(), "loss");
      List<Long> steps = loss.stream().map(Metric::getStep).sorted().toList();
      assertEquals(LongStream.rangeClosed(1, config.training().epochs()).boxed().toList(), steps, fold.getRunName());
      // validation beside the training metrics, every epoch (fixed patches of the fold's validation cases)
      for (String val : List.of("val_loss", "val_dice_soft", "val_tversky_loss", "val_dice_crossentropy")) {
        List<Metric> history = e2e.mlflow.getMetricHistory(fold.getRunId(), val);
        assertEquals(LongStream.rangeClosed(1, config.training().epochs()).boxed().toList(),
            history.stream().map(Metric::getStep).sorted().toList(), fold.getRunName() + " " + val);
      }
      // lr_schedule: poly, so every epoch starts at a lower rate than the one before (MLflow's learning_rate)
      List<Double> rates = e2e.mlflow.getMetricHistory(fold.getRunId(), "learning_rate").stream()
          .sorted(java.util.Comparator.comparingLong(Metric::getStep)).map(Metric::getValue).toList();
      assertEquals(config.training().epochs(), rates.size(), fold.getRunName());
      assertEquals(config.training().learningRate(), rates.get(0), 1e-12, fold.getRunName());
      for (int e = 1; e < rates.size(); e++) {
        assertTrue(rates.get(e) < rates.get(e - 1), fold.getRunName() + " learning_rate " + rates);
      }
      assertTrue(fold.getRunName().startsWith(config.identity() + "/fold-"), fold.getRunName());
      assertEquals(RunStatus.FINISHED, fold.getStatus(), fold.getRunName());
      assertTrue(tracking.listArtifacts(fold.getRunId(), "model").stream().anyMatch(p -> p.endsWith("model.zip")));
    }
    JsonNode versions = new ObjectMapper().readTree(e2e.mlflow.sendGet(
        "registered-models/get?name=phantom-smoke-fold-0"));
    assertTrue(versions.path("registered_model").path("latest_versions").size() >= 1, versions.toString());
  }

  @Test
  @Order(4)
  void secondLaunchReusesDownloadExplorationAndPreprocessing() {
    Launch second = e2e.launch(config);
    for (CachePreview.Stage s : second.stages()) {
      assertTrue(s.reused(), "preview says " + s + " will run again");
    }
    Workflow wf = e2e.await(second.workflowId(), Duration.ofMinutes(10));
    E2e.assertCompleted(wf);
    for (String ref : List.of("download", "explore", "preprocess")) {
      assertEquals(Boolean.TRUE, E2e.task(wf, ref).getOutputData().get("cached"), ref + " was recomputed");
    }
    assertEquals(first.getOutput().get("samplesPrefix"), wf.getOutput().get("samplesPrefix"));
    for (Workflow fold : e2e.folds(wf, config.training().folds())) {
      Map<String, Object> train = E2e.task(fold, "train").getOutputData();
      assertEquals(Boolean.TRUE, train.get("cached"), "fold trained again: " + train);
    }
    assertFalse(wf.getOutput().get("parentRunId").equals(first.getOutput().get("parentRunId")),
        "each execution has its own parent run");
  }

  @Test
  @Order(5)
  void aCompletedExecutionIsNotResumed() {
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> e2e.session.executions().resume(first.getWorkflowId()));
    assertEquals("workflow " + first.getWorkflowId() + " already COMPLETED; start a new one with ./foldwise run "
        + "phantom-smoke", e.getMessage());
  }

  @Test
  @Order(6)
  void thePreviewSaysWhyAStageWouldRunAgain() {
    ArtifactStore store = e2e.session.store();
    WorkerCode code = new WorkerCode(e2e.session.settings().root());
    ExperimentConfig spacing = E2e.variant(config, config.name(),
        Map.of("preprocessing.target_spacing", List.of(2.0, 2.0, 3.0)));
    Map<String, CachePreview.Stage> stages = CachePreview.of(store, spacing, code).stream()
        .collect(Collectors.toMap(CachePreview.Stage::name, st -> st));
    assertTrue(stages.get("download").reused(), stages.toString());
    assertTrue(stages.get("explore").reused(), "exploration does not depend on preprocessing: " + stages);
    assertFalse(stages.get("preprocess").reused(), stages.toString());
    assertEquals("preprocessing settings changed", stages.get("preprocess").reason());
    assertFalse(stages.get("train fold-0").reused(), stages.toString());
    assertEquals("settings changed: new config " + spacing.shortHash(), stages.get("train fold-0").reason());
    for (CachePreview.Stage st : CachePreview.of(store, config, code)) {
      assertTrue(st.reused(), "nothing changed, yet the preview says " + st);
    }
  }

  @Test
  @Order(7)
  void aFoldWhoseSamplesChangedTrainsAgainAndIsThenReused() throws Exception {
    // The same config and split, but other preprocessed samples (as after a change of preprocessing code,
    // which moves the samples to a new content key): fold 0's checkpoints must not be served.
    ArtifactStore store = e2e.session.store();
    String samples = (String) first.getOutput().get("samplesPrefix");
    String other = "preprocessed/stale-reuse-test-" + config.shortHash();
    store.deletePrefix(other + "/");
    for (io.foldwise.runtime.artifact.ObjectInfo o : store.list(samples + "/")) {
      store.putBytes(other + o.key().substring(samples.length()), store.getBytes(o.key()), "application/octet-stream");
    }
    Workflow fold0 = e2e.folds(first, config.training().folds()).get(0);
    Map<String, Object> input = new java.util.LinkedHashMap<>(fold0.getInput());
    input.put("samplesPrefix", other);
    Workflow retrained = runFold(input);
    Map<String, Object> train = E2e.task(retrained, "train").getOutputData();
    assertEquals(0, ((Number) train.get("resumedFromEpoch")).intValue(), "fold 0 resumed stale checkpoints: " + train);
    assertEquals(Boolean.FALSE, train.get("cached"), train.toString());
    assertEquals(config.training().epochs(), ((Number) train.get("epochs")).intValue());
    assertTrue(E2e.task(retrained, "train").getOutputData() != null);
    assertEquals(other, io.foldwise.runtime.experiment.FoldInputs.read(store, config, 0).orElseThrow().samplesPrefix());
    List<String> logs = new com.netflix.conductor.client.http.TaskClient(e2e.session.conductor())
        .getTaskLogs(E2e.task(retrained, "train").getTaskId()).stream()
        .map(com.netflix.conductor.common.metadata.tasks.TaskExecLog::getLog).toList();
    assertTrue(logs.stream().anyMatch(l -> l.contains("fold 0: preprocessed data changed")), logs.toString());

    // the launch preview now says fold 0 would train again, and why; the others are reused
    Map<String, CachePreview.Stage> stages = CachePreview.of(store, config,
        new WorkerCode(e2e.session.settings().root())).stream()
        .collect(Collectors.toMap(CachePreview.Stage::name, st -> st));
    assertFalse(stages.get("train fold-0").reused(), stages.toString());
    assertEquals("preprocessed data changed", stages.get("train fold-0").reason());
    assertTrue(stages.get("train fold-1").reused(), stages.toString());

    // the same inputs again: reused, not trained a third time
    Workflow again = runFold(input);
    assertEquals(Boolean.TRUE, E2e.task(again, "train").getOutputData().get("cached"));
    store.deletePrefix(other + "/");
  }

  private static Workflow runFold(Map<String, Object> input) {
    com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest request =
        new com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest();
    request.setName("foldwise_train_fold");
    request.setVersion(1);
    request.setInput(input);
    String id = new com.netflix.conductor.client.http.WorkflowClient(e2e.session.conductor()).startWorkflow(request);
    Workflow wf = e2e.await(id, Duration.ofMinutes(10));
    E2e.assertCompleted(wf);
    return wf;
  }
}
