package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.common.run.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The split of an execution's wall time, on a hand-made execution with two folds run side by side. */
class ExecutionTimingTest {
  private static Task task(String ref, String type, long scheduled, long start, long end, Map<String, Object> out) {
    Task t = new Task();
    t.setReferenceTaskName(ref);
    // as Conductor has it: a worker task's taskType is its definition's name, its workflow task says SIMPLE
    t.setTaskType(type.equals("SIMPLE") ? "foldwise_" + ref : type);
    t.setTaskDefName(ref);
    WorkflowTask wt = new WorkflowTask();
    wt.setType(type);
    wt.setTaskReferenceName(ref);
    t.setWorkflowTask(wt);
    t.setStatus(Task.Status.COMPLETED);
    t.setScheduledTime(scheduled);
    t.setStartTime(start);
    t.setEndTime(end);
    t.setOutputData(out == null ? Map.of() : out);
    return t;
  }

  private static Map<String, Object> timing(long run, long storage, long tracking) {
    return Map.of("timing", Map.of("runMs", run, "storageMs", storage, "trackingMs", tracking, "computeMs",
        run - storage - tracking));
  }

  private static Workflow workflow(String id, long start, long end, List<Task> tasks) {
    Workflow w = new Workflow();
    w.setWorkflowId(id);
    w.setStatus(Workflow.WorkflowStatus.COMPLETED);
    w.setCreateTime(start);
    w.setStartTime(start);
    w.setEndTime(end);
    w.setTasks(new ArrayList<>(tasks));
    return w;
  }

  @Test
  void theCriticalChainSplitsTheWallTimeExactly() {
    // download 1000..2000 (polled 100 ms late); a fork of two folds whose trains share one worker, so fold 1's waits
    // for fold 0's; fold 0's evaluation runs beside fold 1's training; an aggregate that failed once
    Task download = task("download", "SIMPLE", 1000, 1100, 2000, timing(880, 300, 80));
    Task fork = task("folds", "FORK_JOIN_DYNAMIC", 2010, 2010, 2020, null);
    Task foldA = task("fold_0", "SUB_WORKFLOW", 2020, 2020, 4500, null);
    foldA.setSubWorkflowId("sub-a");
    Task foldB = task("fold_1", "SUB_WORKFLOW", 2020, 2020, 6000, null);
    foldB.setSubWorkflowId("sub-b");
    Task join = task("folds_join", "JOIN", 2020, 2020, 6050, null);
    Task failedAttempt = task("aggregate", "SIMPLE", 6100, 6200, 6400, null);
    failedAttempt.setStatus(Task.Status.FAILED);
    Task aggregate = task("aggregate", "SIMPLE", 6500, 6700, 7900, timing(1150, 0, 150));
    aggregate.setRetryCount(1);
    Workflow top = workflow("top", 900, 8000, List.of(download, fork, foldA, foldB, join, failedAttempt, aggregate));
    Workflow subA = workflow("sub-a", 2020, 4500, List.of(
        task("train", "SIMPLE", 2030, 2100, 3900, timing(1790, 100, 90)),
        task("evaluate", "SIMPLE", 3910, 3920, 4500, timing(570, 20, 0))));
    Workflow subB = workflow("sub-b", 2020, 6000, List.of(
        task("train", "SIMPLE", 2030, 3950, 5000, timing(1040, 200, 100)),
        task("evaluate", "SIMPLE", 5010, 5020, 5990, timing(960, 60, 0))));

    ExecutionTiming.Report r = ExecutionTiming.of(top, id -> id.equals("sub-a") ? subA : subB);

    assertEquals(7100, r.wallMs());
    assertEquals(List.of("download", "fold_0/train", "fold_1/train", "fold_1/evaluate", "aggregate", "aggregate #1"),
        r.chain().stream().map(ExecutionTiming.Step::name).toList());
    Map<String, Long> p = r.parts();
    assertEquals(500 + 1600 + 740 + 900 + 1000, p.get("compute"));
    // fold 1's train waited 1920 ms in the queue, but only the 50 ms after fold 0's train freed the worker count
    assertEquals(100 + 70 + 50 + 10 + 100 + 200, p.get("queue"));
    assertEquals(300 + 100 + 200 + 60, p.get("storage"));
    assertEquals(80 + 90 + 100 + 150, p.get("tracking"));
    assertEquals(20 + 10 + 10 + 10 + 50, p.get("workerRoundTrip"));
    assertEquals(200, p.get("failedAttempts"));
    assertEquals(0, p.get("systemTasks"));
    assertEquals(100 + 30 + 10 + 110 + 100 + 100, p.get("between"));
    assertEquals(r.wallMs(), p.values().stream().mapToLong(Long::longValue).sum(), "the parts sum to the wall time");
    assertEquals(1 - 4740 / 7100.0, r.orchestrationShare(), 1e-12);
    assertEquals(4740 + 550, r.computeAllTasksMs(), "fold 0's evaluation is off the chain");
    String text = String.join("\n", r.lines());
    assertTrue(text.contains("orchestration share 33.2%"), text);
    assertTrue(text.contains("fold_0/evaluate"), text);
  }
}
