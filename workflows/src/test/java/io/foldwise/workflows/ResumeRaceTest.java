package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.run.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * Resume against Conductor's race: right after a retry, a decider pass that began before it can end the execution
 * again with its old failure. That cannot be produced on purpose against a real server (it depends on which
 * system-task thread wins by milliseconds), so calls that play the server's answers stand in.
 */
class ResumeRaceTest {
  /** Answers getWorkflow from a script of states and retry from a script of answers (else true); counts retries. */
  static final class Scripted implements Executions.RetryCalls {
    final Deque<Workflow> states = new ArrayDeque<>();
    final Deque<Boolean> retryAnswers = new ArrayDeque<>();
    int retries;
    Workflow last;

    Scripted(Workflow first) {
      last = first;
    }

    @Override
    public Workflow workflow(String id) {
      if (!states.isEmpty()) {
        last = states.poll();
      }
      return last;
    }

    @Override
    public boolean retry(String id) {
      retries++;
      return retryAnswers.isEmpty() || retryAnswers.poll();
    }
  }

  static Workflow wf(Workflow.WorkflowStatus status, String reason) {
    Workflow w = new Workflow();
    w.setWorkflowId("w1");
    w.setStatus(status);
    w.setReasonForIncompletion(reason);
    return w;
  }

  @Test
  void anExecutionEndedAgainByTheRaceWithItsOldFailureIsRetriedOnce() {
    Scripted c = new Scripted(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed"));
    c.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed")); // resume's own check
    c.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed")); // 0.3 s after the retry: the race
    c.states.add(wf(Workflow.WorkflowStatus.RUNNING, null)); // after the second retry
    Executions.resume(c, "w1");
    assertEquals(2, c.retries);
  }

  @Test
  void aRetryThatRunsIsMadeOnceAndANewFailureIsNotRetriedByResume() {
    Scripted running = new Scripted(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed"));
    running.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed"));
    running.states.add(wf(Workflow.WorkflowStatus.RUNNING, null));
    Executions.resume(running, "w1");
    assertEquals(1, running.retries);

    Scripted failsAnew = new Scripted(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed"));
    failsAnew.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed"));
    failsAnew.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed again in its new attempt"));
    Executions.resume(failsAnew, "w1");
    assertEquals(1, failsAnew.retries, "a different failure is the retried task's own: not resumed again");
  }

  @Test
  void anExecutionLeftWithNothingToRetryIsRetriedOnceTheServerHasRepairedIt() {
    // the race on the fold's SUB_WORKFLOW task: ended again at once, and the second retry finds nothing to retry
    // (409) until the server's repair sweep has ended the fold's new sub-workflow
    Scripted c = new Scripted(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed"));
    c.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed")); // resume's own check
    c.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed")); // after the first retry: the race
    c.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed")); // after a 409
    c.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed")); // after another
    c.states.add(wf(Workflow.WorkflowStatus.RUNNING, null)); // after the retry that took
    c.retryAnswers.addAll(java.util.List.of(true, false, false, true));
    java.util.List<String> notes = new java.util.ArrayList<>();
    Executions.resume(c, "w1", Duration.ofSeconds(10), Duration.ofMillis(10), notes::add);
    assertEquals(4, c.retries, "one retry, two answered 409, then the one that took");
    assertEquals(1, notes.size(), "one line while waiting: " + notes);
    assertTrue(notes.get(0).startsWith("Conductor has no task of w1 to retry yet"), notes.get(0));
    assertTrue(c.states.isEmpty(), "every state was read");
  }

  @Test
  void anExecutionThatRunsAgainByItselfIsNotRetriedAgain() {
    Scripted c = new Scripted(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed"));
    c.states.add(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed")); // resume's own check
    c.states.add(wf(Workflow.WorkflowStatus.RUNNING, null)); // after the 409: the server carried on
    c.retryAnswers.add(false);
    Executions.resume(c, "w1", Duration.ofSeconds(10), Duration.ofMillis(10), line -> { });
    assertEquals(1, c.retries);
  }

  @Test
  void nothingToRetryForTooLongIsAnErrorThatSaysWhatToDo() {
    Scripted c = new Scripted(wf(Workflow.WorkflowStatus.FAILED, "fold 1 failed"));
    for (int i = 0; i < 1000; i++) {
      c.retryAnswers.add(false);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Executions.resume(c, "w1", Duration.ofMillis(100), Duration.ofMillis(10), line -> { }));
    assertTrue(e.getMessage().startsWith("workflow w1 is FAILED but Conductor has had no failed task of it to retry"),
        e.getMessage());
    assertTrue(e.getMessage().contains("run the resume again in a few minutes"), e.getMessage());
    assertTrue(c.retries >= 2, "retried while waiting: " + c.retries);
  }
}
