package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;

/**
 * The training worker is killed (SIGKILL) in the middle of a fold, after another fold finished.
 * Conductor reschedules the task once its response timeout passes, a restarted worker resumes
 * the fold from its last checkpoint, the execution completes, the fold's epochs in MLflow run
 * 1..n without a restart, and nothing that had finished is computed again.
 */
class ResumeE2eTest {
  @Test
  void killedTrainingResumesFromItsCheckpoint() throws Exception {
    E2e e2e = E2e.get();
    ExperimentConfig config = E2e.variant(e2e.named("phantom-smoke"), "resume-e2e",
        Map.of("training.folds", 2, "training.epochs", 4, "training.iterations_per_epoch", 10));
    ArtifactStore store = e2e.session.store();
    store.deletePrefix(StageKeys.runPrefix(config) + "/");
    int epochs = config.training().epochs();
    String id = e2e.launch(config).workflowId();
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> e2e.launch(config));
    assertEquals(config.identity() + " is already running as " + id + " (RUNNING); follow it with ./foldwise "
        + "status " + id + " or wait for it to end", twice.getMessage());

    int killedFold = -1;
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    while (killedFold < 0) {
      assertTrue(System.nanoTime() < deadline, "no fold reached the middle of its training in time");
      Workflow wf = e2e.workflow(id);
      assertTrue(!wf.getStatus().isTerminal(), "ended before the kill: " + ExecutionView.lines(wf));
      killedFold = foldToKill(e2e, wf, config, store);
      if (killedFold < 0) {
        Thread.sleep(500);
      }
    }
    int epochsBeforeKill = FoldFiles.readHistory(store, config, killedFold).size();
    e2e.workers.kill("train");
    System.out.println("killed the train worker in fold " + killedFold + " after epoch " + epochsBeforeKill);
    e2e.workers.start("train");

    Workflow done = e2e.await(id, Duration.ofMinutes(20));
    E2e.assertCompleted(done);
    for (String ref : List.of("download", "explore", "preprocess", "split", "aggregate")) {
      assertEquals(1, E2e.attempts(done, ref).size(), ref + " ran more than once");
    }
    List<Workflow> folds = e2e.folds(done, config.training().folds());
    for (int k = 0; k < folds.size(); k++) {
      assertEquals(1, E2e.attempts(done, "fold_" + k).size(), "fold " + k + " sub-workflow was rerun");
      List<Task> train = E2e.attempts(folds.get(k), "train");
      if (k == killedFold) {
        assertTrue(train.size() >= 2, "the killed fold's training was not rescheduled: " + ExecutionView.lines(folds.get(k)));
        assertEquals(Task.Status.TIMED_OUT, train.get(0).getStatus());
        Map<String, Object> out = train.get(train.size() - 1).getOutputData();
        int resumedFrom = ((Number) out.get("resumedFromEpoch")).intValue();
        assertTrue(resumedFrom >= epochsBeforeKill && resumedFrom >= 1 && resumedFrom < epochs,
            "resumed from epoch " + resumedFrom + " (killed after " + epochsBeforeKill + ")");
        assertEquals(epochs, ((Number) out.get("epochs")).intValue());
      } else {
        assertEquals(1, train.size(), "finished fold " + k + " was trained again");
        assertEquals(1, E2e.attempts(folds.get(k), "evaluate").size(), "finished fold " + k + " evaluated again");
      }
      String runId = (String) E2e.task(folds.get(k), "train").getOutputData().get("foldRunId");
      List<Long> steps = e2e.mlflow.getMetricHistory(runId, "loss").stream().map(Metric::getStep).sorted().toList();
      assertEquals(LongStream.rangeClosed(1, epochs).boxed().toList(), steps,
          "fold " + k + ": epochs in MLflow must run 1.." + epochs + " once each");
    }
  }

  /** The fold whose training is past its first epoch but not finished, once another fold's training is done. */
  private static int foldToKill(E2e e2e, Workflow wf, ExperimentConfig config, ArtifactStore store) {
    boolean oneDone = false;
    int running = -1;
    for (int k = 0; k < config.training().folds(); k++) {
      String ref = "fold_" + k;
      Task fold = wf.getTasks().stream().filter(t -> t.getReferenceTaskName().equals(ref)).findFirst().orElse(null);
      if (fold == null || fold.getSubWorkflowId() == null) {
        return -1;
      }
      Task train = E2e.task(e2e.workflow(fold.getSubWorkflowId()), "train");
      if (train.getStatus() == Task.Status.COMPLETED) {
        oneDone = true;
      } else if (train.getStatus() == Task.Status.IN_PROGRESS) {
        int epochsDone = FoldFiles.readHistory(store, config, k).size();
        // at least one checkpoint to resume from, and two epochs left so the kill lands mid-training
        if (epochsDone >= 1 && epochsDone <= config.training().epochs() - 2) {
          running = k;
        }
      }
    }
    return oneDone ? running : -1;
  }
}
