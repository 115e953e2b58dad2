package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskExecLog;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.worker.train.TrainWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state Conductor 3.21's retry race leaves, made on purpose against the real server: a resumed execution whose
 * folds' JOIN fails again while the failed fold's new attempt is under way (the race does it with a stale evaluation;
 * here the JOIN is failed through the task API while no train worker runs, so the new attempt is waiting). Retrying
 * then re-creates the JOIN as a SCHEDULED copy, which the server never evaluates: without the aggregate worker
 * service's {@code JoinKeeper} the execution would stay RUNNING for good (the console test's CI hang). With it, the
 * execution completes.
 */
class StrandedJoinE2eTest {
  @Test
  void aJoinStrandedByARetryIsFinishedAndTheExecutionCompletes() throws Exception {
    E2e e2e = E2e.get();
    ExperimentConfig config = E2e.variant(e2e.named("phantom-smoke"), "stranded-join-e2e",
        Map.of("training.folds", 2, "training.epochs", 1, "training.iterations_per_epoch", 2));
    e2e.session.store().deletePrefix(StageKeys.runPrefix(config) + "/");
    WorkflowClient workflows = new WorkflowClient(e2e.session.conductor());
    TaskClient tasks = new TaskClient(e2e.session.conductor());

    e2e.workers.kill("train");
    e2e.workers.start("train", Map.of(TrainWorker.FAULT_ENV, "1"));
    String id;
    try {
      id = e2e.launch(config).workflowId();
      assertEquals(Workflow.WorkflowStatus.FAILED, e2e.await(id, Duration.ofMinutes(10)).getStatus());
    } finally {
      e2e.workers.kill("train"); // no train worker until the JOIN has been failed again: fold 1's new attempt waits
    }
    try {
      workflows.retryLastFailedTask(id);
      Workflow resumed = e2e.workflow(id);
      Task join = E2e.task(resumed, "folds_join");
      assertEquals(Task.Status.IN_PROGRESS, join.getStatus(), "a retry puts a permissive fork's JOIN back in progress");
      assertFalse(E2e.task(resumed, "fold_1").getStatus().isTerminal(), "fold 1's new attempt should be under way");

      // what the race's stale evaluation does: the JOIN fails again while the fold's new attempt exists
      TaskResult fail = new TaskResult();
      fail.setWorkflowInstanceId(id);
      fail.setTaskId(join.getTaskId());
      fail.setStatus(TaskResult.Status.FAILED);
      fail.setReasonForIncompletion("fold_1 failed (made by StrandedJoinE2eTest, as Conductor's retry race does)");
      tasks.updateTask(fail);
      Workflow failedAgain = awaitStatus(e2e, id, Workflow.WorkflowStatus.FAILED, Duration.ofSeconds(60));
      assertNotEquals(Task.Status.FAILED, E2e.task(failedAgain, "fold_1").getStatus(),
          "fold 1's newest attempt must not be FAILED here: " + ExecutionView.lines(failedAgain));

      workflows.retryLastFailedTask(id);
      Workflow stranded = e2e.workflow(id);
      Task copy = E2e.task(stranded, "folds_join");
      assertEquals(Task.Status.SCHEDULED, copy.getStatus(),
          "the server re-creates the JOIN as a SCHEDULED copy (the stranded state): " + ExecutionView.lines(stranded));
      assertEquals(2, E2e.attempts(stranded, "folds_join").size());
    } finally {
      e2e.workers.start("train");
    }

    Workflow done = e2e.await(id, Duration.ofMinutes(10));
    E2e.assertCompleted(done);
    List<Task> joins = E2e.attempts(done, "folds_join");
    Task finished = joins.get(joins.size() - 1);
    assertEquals(Task.Status.COMPLETED, finished.getStatus());
    assertEquals(List.of("fold_0", "fold_1"), List.copyOf(finished.getOutputData().keySet()),
        "the keeper gives the JOIN its branches' outputs, as Conductor's JOIN does");
    List<TaskExecLog> logs = tasks.getTaskLogs(finished.getTaskId());
    assertTrue(logs.stream().anyMatch(l -> l.getLog().contains("join keeper")), "no keeper line in the JOIN's log");
    assertEquals(Task.Status.COMPLETED, E2e.task(done, "aggregate").getStatus());
  }

  private static Workflow awaitStatus(E2e e2e, String id, Workflow.WorkflowStatus want, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Workflow wf = e2e.workflow(id);
      if (wf.getStatus() == want) {
        return wf;
      }
      assertTrue(System.nanoTime() < deadline, "execution " + id + " is " + wf.getStatus() + ", not " + want + ": "
          + ExecutionView.lines(wf));
      Thread.sleep(250);
    }
  }
}
