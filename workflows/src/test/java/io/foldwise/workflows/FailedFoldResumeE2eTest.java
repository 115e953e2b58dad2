package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.ObjectInfo;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.worker.train.TrainWorker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.RunInfo;

/**
 * One fold fails terminally (the train worker's documented fault switch, {@code FOLDWISE_FAULT_FAIL_FOLDS}),
 * the other completes and the execution ends FAILED; the fault is removed (worker restarted without it) and
 * the execution is resumed as {@code ./foldwise resume <id>} does: only the failed fold reruns, the completed
 * fold's checkpoints, MLflow run and registered model versions are untouched (checked through MinIO and
 * MLflow), and the execution ends COMPLETED with the aggregate over all folds.
 */
class FailedFoldResumeE2eTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void onlyTheFailedFoldRerunsAndTheOthersAreUntouched() throws Exception {
    E2e e2e = E2e.get();
    ExperimentConfig config = E2e.variant(e2e.named("phantom-smoke"), "resume-fold-e2e",
        Map.of("training.folds", 2, "training.epochs", 2, "training.iterations_per_epoch", 10));
    ArtifactStore store = e2e.session.store();
    store.deletePrefix(StageKeys.runPrefix(config) + "/");
    e2e.workers.kill("train");
    e2e.workers.start("train", Map.of(TrainWorker.FAULT_ENV, "1"));
    Workflow failed;
    try {
      String id = e2e.launch(config).workflowId();
      failed = e2e.await(id, Duration.ofMinutes(15));
    } finally {
      e2e.workers.kill("train");
      e2e.workers.start("train");
    }
    assertEquals(Workflow.WorkflowStatus.FAILED, failed.getStatus(), String.join("\n", ExecutionView.lines(failed)));
    List<Workflow> folds = e2e.folds(failed, 2);
    E2e.assertCompleted(folds.get(0));
    Task failedTrain = E2e.task(folds.get(1), "train");
    assertEquals(Task.Status.FAILED_WITH_TERMINAL_ERROR, failedTrain.getStatus());
    assertTrue(failedTrain.getReasonForIncompletion().startsWith("fold 1: fault injected by FOLDWISE_FAULT_FAIL_FOLDS=1"),
        failedTrain.getReasonForIncompletion());

    // what fold 0 left behind, before the resume
    String final0 = FoldFiles.checkpointPrefix(config, 0) + "/final.zip";
    ObjectInfo checkpoint = only(store.list(final0));
    ObjectInfo model = only(store.list(FoldFiles.modelKey(config, 0)));
    String run0 = (String) E2e.task(folds.get(0), "train").getOutputData().get("foldRunId");
    RunInfo run0Before = e2e.mlflow.getRun(run0).getInfo();
    int versionsBefore = versions(e2e, config.name() + "-fold-0");
    assertTrue(versionsBefore >= 1, "fold 0 registered no model");

    e2e.session.executions().resume(failed.getWorkflowId());
    Workflow done = e2e.await(failed.getWorkflowId(), Duration.ofMinutes(15));
    E2e.assertCompleted(done);

    List<Workflow> after = e2e.folds(done, 2);
    assertEquals(folds.get(0).getWorkflowId(), after.get(0).getWorkflowId(), "fold 0 sub-workflow was replaced");
    assertEquals(1, E2e.attempts(after.get(0), "train").size(), "fold 0 trained again");
    assertEquals(1, E2e.attempts(after.get(0), "evaluate").size(), "fold 0 evaluated again");
    List<Task> train1 = E2e.attempts(after.get(1), "train");
    assertEquals(Task.Status.COMPLETED, train1.get(train1.size() - 1).getStatus());
    assertEquals(config.training().epochs(), ((Number) train1.get(train1.size() - 1).getOutputData().get("epochs")).intValue());

    assertEquals(checkpoint, only(store.list(final0)), "fold 0's final checkpoint changed");
    assertEquals(model, only(store.list(FoldFiles.modelKey(config, 0))), "fold 0's model changed");
    RunInfo run0After = e2e.mlflow.getRun(run0).getInfo();
    assertEquals(run0Before.getEndTime(), run0After.getEndTime(), "fold 0's MLflow run was touched");
    assertEquals(run0Before.getStatus(), run0After.getStatus());
    assertEquals(versionsBefore, versions(e2e, config.name() + "-fold-0"), "fold 0's model was registered again");
    assertTrue(versions(e2e, config.name() + "-fold-1") >= 1, "fold 1's model was not registered");

    // the aggregate covers both folds: every case of the data set is a validation case once
    Map<?, ?> summary = JSON.readValue(store.getBytes(StageKeys.runPrefix(config) + "/cv_summary.json"), Map.class);
    String text = JSON.writeValueAsString(summary);
    assertTrue(text.contains("\"n\":" + config.data().phantom().cases()), "aggregate not over all folds: " + text);
  }

  private static ObjectInfo only(List<ObjectInfo> objects) {
    assertEquals(1, objects.size(), objects.toString());
    return objects.get(0);
  }

  private static int versions(E2e e2e, String model) throws Exception {
    JsonNode found = JSON.readTree(e2e.mlflow.sendGet("model-versions/search?filter="
        + URLEncoder.encode("name='" + model + "'", StandardCharsets.UTF_8)));
    return found.path("model_versions").size();
  }
}
