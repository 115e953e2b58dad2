package io.foldwise.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import com.netflix.conductor.common.run.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which JOINs the keeper finishes, and how, on executions shaped like the ones the real server leaves. */
class JoinKeeperTest {
  static final long NOW = 1_000_000L;
  static final Duration GRACE = Duration.ofSeconds(10);
  int ids;

  Task task(String ref, String type, Task.Status status, long scheduled) {
    Task t = new Task();
    t.setTaskId("t" + ids++);
    t.setReferenceTaskName(ref);
    t.setTaskType(type);
    t.setStatus(status);
    t.setScheduledTime(scheduled);
    t.setWorkflowTask(new WorkflowTask());
    if (type.equals("JOIN")) {
      t.setInputData(Map.of("joinOn", List.of("fold_0", "fold_1")));
    } else {
      t.setOutputData(Map.of("attempt", t.getTaskId()));
    }
    return t;
  }

  /** The race's leftovers and a retry's SCHEDULED copy of the JOIN, with fold 1's newest attempt in {@code fold1}. */
  Workflow stranded(Task.Status fold1, long joinCopyScheduled) {
    List<Task> ts = new ArrayList<>();
    ts.add(task("fold_0", "SUB_WORKFLOW", Task.Status.COMPLETED, 0));
    ts.add(task("fold_1", "SUB_WORKFLOW", Task.Status.FAILED, 0));
    ts.add(task("folds_join", "JOIN", Task.Status.FAILED, 0));
    ts.add(task("fold_1", "SUB_WORKFLOW", Task.Status.CANCELED, 0));
    ts.add(task("folds_join", "JOIN", Task.Status.SCHEDULED, joinCopyScheduled));
    Task last = task("fold_1", "SUB_WORKFLOW", fold1, 0);
    last.setReasonForIncompletion(fold1 == Task.Status.FAILED ? "bad case" : null);
    ts.add(last);
    Workflow wf = new Workflow();
    wf.setWorkflowId("w1");
    wf.setStatus(Workflow.WorkflowStatus.RUNNING);
    wf.setTasks(ts);
    return wf;
  }

  @Test
  void aStrandedJoinWhoseBranchesCompletedIsCompletedWithTheNewestAttemptsOutputs() {
    Workflow wf = stranded(Task.Status.COMPLETED, NOW - 20_000);
    List<JoinKeeper.Finish> out = JoinKeeper.stranded(wf, NOW, GRACE);
    assertEquals(1, out.size());
    JoinKeeper.Finish f = out.get(0);
    assertEquals(wf.getTasks().get(4).getTaskId(), f.taskId(), "the SCHEDULED copy, not the failed JOIN");
    assertEquals(Task.Status.COMPLETED, f.status());
    assertNull(f.reason());
    assertEquals(List.of("fold_0", "fold_1"), List.copyOf(f.output().keySet()));
    assertEquals(Map.of("attempt", wf.getTasks().get(5).getTaskId()), f.output().get("fold_1"), "newest attempt's output");
    assertTrue(f.log().contains("join keeper"), f.log());
  }

  @Test
  void aStrandedJoinWithAFailedBranchIsFailedNamingIt() {
    List<JoinKeeper.Finish> out = JoinKeeper.stranded(stranded(Task.Status.FAILED, NOW - 20_000), NOW, GRACE);
    assertEquals(1, out.size());
    assertEquals(Task.Status.FAILED, out.get(0).status());
    assertEquals("fold_1 FAILED: bad case", out.get(0).reason());
  }

  @Test
  void anOptionalBranchThatFailedDoesNotFailTheJoin() {
    Workflow wf = stranded(Task.Status.FAILED, NOW - 20_000);
    wf.getTasks().get(5).getWorkflowTask().setOptional(true);
    assertEquals(Task.Status.COMPLETED, JoinKeeper.stranded(wf, NOW, GRACE).get(0).status());
  }

  @Test
  void nothingIsDoneWhileABranchRunsOrWithinTheGraceOrOnAJoinTheServerEvaluates() {
    assertEquals(List.of(), JoinKeeper.stranded(stranded(Task.Status.IN_PROGRESS, NOW - 20_000), NOW, GRACE));
    assertEquals(List.of(), JoinKeeper.stranded(stranded(Task.Status.SCHEDULED, NOW - 20_000), NOW, GRACE));
    assertEquals(List.of(), JoinKeeper.stranded(stranded(Task.Status.COMPLETED, NOW - 5_000), NOW, GRACE),
        "a JOIN only just SCHEDULED may still be picked up by a server that evaluates it");

    Workflow inProgress = stranded(Task.Status.COMPLETED, NOW - 20_000);
    inProgress.getTasks().get(4).setStatus(Task.Status.IN_PROGRESS);
    assertEquals(List.of(), JoinKeeper.stranded(inProgress, NOW, GRACE), "an IN_PROGRESS JOIN is the server's");

    Workflow ended = stranded(Task.Status.COMPLETED, NOW - 20_000);
    ended.setStatus(Workflow.WorkflowStatus.FAILED);
    assertEquals(List.of(), JoinKeeper.stranded(ended, NOW, GRACE), "only running executions are touched");

    Workflow older = stranded(Task.Status.COMPLETED, NOW - 20_000);
    older.getTasks().add(task("folds_join", "JOIN", Task.Status.IN_PROGRESS, NOW - 1_000));
    assertEquals(List.of(), JoinKeeper.stranded(older, NOW, GRACE), "a SCHEDULED JOIN that is not the newest attempt");
  }
}
