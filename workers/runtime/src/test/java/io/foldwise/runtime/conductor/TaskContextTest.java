package io.foldwise.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskExecLog;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A long step's progress lines: a heartbeat every 10 s in the task log, not a line per iteration. */
class TaskContextTest {
  private long now;

  @Test
  void progressLinesAreLoggedAtMostEvery10SecondsAfterTheLastLine() {
    Task task = new Task();
    task.setTaskId("t1");
    task.setTaskDefName("foldwise_train");
    task.setStatus(Task.Status.IN_PROGRESS);
    TaskResult result = new TaskResult(task);
    TaskContext ctx = new TaskContext(task, result, null, WorkerIdentity.of(Map.of()), () -> now);
    long s = 1_000_000_000L;
    now = 5 * s;
    assertFalse(ctx.progress("iteration 1"), "5 s after the start");
    now = 10 * s;
    assertTrue(ctx.progress("iteration 2"), "10 s after the start");
    now = 15 * s;
    assertFalse(ctx.progress("iteration 3"));
    now = 16 * s;
    ctx.log("epoch 1 done"); // any line counts
    now = 25 * s;
    assertFalse(ctx.progress("iteration 4"), "9 s after the last line");
    now = 26 * s;
    assertTrue(ctx.progress("iteration 5"));
    assertEquals(List.of("iteration 2", "epoch 1 done", "iteration 5"),
        result.getLogs().stream().map(TaskExecLog::getLog).toList());
  }
}
