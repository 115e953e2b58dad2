package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.ObjectInfo;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;

/**
 * Fault drills on real servers and processes, during one execution's training: the Conductor server is
 * restarted, MinIO is stopped for 30 s, the MLflow server is restarted and PostgreSQL is restarted, each
 * once, each brought back by the project's own {@code stack up}. The follower ({@link Launcher#await}, what
 * {@code run --wait} uses) rides every restart; the execution ends COMPLETED; every epoch of every fold is in
 * MLflow exactly once; every fold's checkpoints, model and history are complete in MinIO.
 */
class FaultDrillsE2eTest {

  @Test
  void theExecutionSurvivesEachServerGoingAwayMidTraining() throws Exception {
    E2e e2e = E2e.get();
    ExperimentConfig config = E2e.variant(e2e.named("phantom-smoke"), "drills-e2e",
        Map.of("training.folds", 2, "training.epochs", 20, "training.iterations_per_epoch", 20));
    ArtifactStore store = e2e.session.store();
    store.deletePrefix(StageKeys.runPrefix(config) + "/");
    StackControl stack = new StackControl(e2e.settings);
    String id = e2e.launch(config).workflowId();
    List<String> followed = new CopyOnWriteArrayList<>();
    CompletableFuture<Workflow> follower = CompletableFuture.supplyAsync(() ->
        e2e.session.launcher().await(id, Duration.ofMinutes(30), line -> {
          followed.add(line);
          System.out.println("[drills] " + line);
        }));

    for (String service : List.of("conductor", "minio", "mlflow", "postgres")) {
      awaitTrainingProgress(e2e, store, config, id);
      System.out.println("[drills] stopping " + service);
      stack.stop(service);
      if (service.equals("minio")) {
        Thread.sleep(30_000);
      }
      stack.up();
      System.out.println("[drills] " + service + " is back");
    }

    Workflow done = follower.get(30, TimeUnit.MINUTES);
    E2e.assertCompleted(done);
    assertTrue(followed.stream().anyMatch(l -> l.startsWith("Conductor at ") && l.contains(" is away")), followed.toString());
    assertTrue(followed.stream().anyMatch(l -> l.startsWith("Conductor is back after ")), followed.toString());

    int epochs = config.training().epochs();
    for (int k = 0; k < 2; k++) {
      Workflow fold = e2e.folds(done, 2).get(k);
      E2e.assertCompleted(fold);
      String runId = (String) E2e.task(fold, "train").getOutputData().get("foldRunId");
      List<Long> steps = e2e.mlflow.getMetricHistory(runId, "loss").stream().map(Metric::getStep).sorted().toList();
      assertEquals(LongStream.rangeClosed(1, epochs).boxed().toList(), steps, "fold " + k + ": every epoch once in MLflow");
      assertEquals(epochs, FoldFiles.readHistory(store, config, k).size(), "fold " + k + " history");
      for (String key : List.of(FoldFiles.checkpointPrefix(config, k) + "/final.zip", FoldFiles.modelKey(config, k),
          FoldFiles.metricsKey(config, k))) {
        List<ObjectInfo> found = store.list(key);
        assertEquals(1, found.size(), key + ": " + found);
        assertTrue(found.get(0).size() > 0, key + " is empty");
      }
    }
    assertTrue(store.exists(StageKeys.runPrefix(config) + "/cv_summary.json"));
  }

  /** Waits until a fold's training is running and has written one more epoch than when called. */
  private static void awaitTrainingProgress(E2e e2e, ArtifactStore store, ExperimentConfig config, String id)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    int start = -1;
    while (System.nanoTime() < deadline) {
      try {
        Workflow wf = e2e.workflow(id);
        assertTrue(!wf.getStatus().isTerminal(), "ended during the drills: " + ExecutionView.lines(wf));
        int epochs = 0;
        boolean training = false;
        for (int k = 0; k < 2; k++) {
          String ref = "fold_" + k;
          Task fold = wf.getTasks().stream().filter(t -> t.getReferenceTaskName().equals(ref)).findFirst().orElse(null);
          if (fold != null && fold.getSubWorkflowId() != null) {
            Task train = E2e.task(e2e.workflow(fold.getSubWorkflowId()), "train");
            training |= train.getStatus() == Task.Status.IN_PROGRESS;
          }
          epochs += FoldFiles.readHistory(store, config, k).size();
        }
        if (training && start < 0) {
          start = epochs;
        }
        if (training && epochs > start) {
          return;
        }
      } catch (RuntimeException e) {
        if (!ServerAway.isUnreachable(e)) {
          throw e;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("training made no progress in 10 minutes");
  }
}
