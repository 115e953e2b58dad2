package io.foldwise.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the execution page says no worker polls a task type: waiting types and the silence rule. */
class WaitingForWorkersTest {
  private static Task task(String type, Task.Status status, String worker, long end) {
    Task t = new Task();
    t.setTaskType(type);
    t.setStatus(status);
    t.setWorkerId(worker);
    t.setEndTime(end);
    t.setUpdateTime(end);
    return t;
  }

  private static Workflow workflow(Task... tasks) {
    Workflow w = new Workflow();
    w.setTasks(List.of(tasks));
    return w;
  }

  @Test
  void betweenTwoFoldsTheWorkerThatJustFinishedOneIsAliveThoughItsLastPollIsOld() {
    // fold 0's training has just completed on worker w1 (at 100,000 ms); fold 1's waits for the next poll
    List<Workflow> execution = List.of(
        workflow(task("FORK", Task.Status.COMPLETED, null, 5_000), task("SUB_WORKFLOW", Task.Status.IN_PROGRESS, null, 0)),
        workflow(task("foldwise_train", Task.Status.COMPLETED, "w1", 100_000)),
        workflow(task("foldwise_train", Task.Status.SCHEDULED, null, 0)));
    Map<String, Long> waiting = Pages.waitingTypes(execution);
    assertEquals(Map.of("foldwise_train", 100_000L), waiting);
    // last poll when fold 0 began, 66 s before; 1 s after fold 0 ended: a worker is there
    assertFalse(Pages.noWorker(101_000, 34_000, waiting.get("foldwise_train"), 60_000));
    // a minute and more with neither a poll nor a finished task: the notice is right
    assertTrue(Pages.noWorker(161_000, 34_000, waiting.get("foldwise_train"), 60_000));
  }

  @Test
  void aTypeWithATaskInProgressIsNotWaitingAndOneNeverRunIsSeenAtZero() {
    assertEquals(Map.of(), Pages.waitingTypes(List.of(
        workflow(task("foldwise_train", Task.Status.IN_PROGRESS, "w1", 0)),
        workflow(task("foldwise_train", Task.Status.SCHEDULED, null, 0)))));
    Map<String, Long> fresh = Pages.waitingTypes(List.of(workflow(
        task("foldwise_download", Task.Status.SCHEDULED, null, 0),
        task("SIMPLE_OTHER", Task.Status.SCHEDULED, null, 0))));
    assertEquals(Map.of("foldwise_download", 0L), fresh);
    assertTrue(Pages.noWorker(200_000, 0, fresh.get("foldwise_download"), 60_000)); // never polled, never ran
    assertFalse(Pages.noWorker(200_000, 150_000, 0, 60_000)); // polled 50 s ago
  }
}
