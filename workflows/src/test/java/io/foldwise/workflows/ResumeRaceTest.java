package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.netflix.conductor.common.run.Workflow;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * Resume against Conductor's race: right after a retry, a decider pass that began before it can end the execution
 * again with its old failure. That cannot be produced on purpose against a real server (it depends on which
 * system-task thread wins by milliseconds), so calls that play the server's answers stand in.
 */
class ResumeRaceTest {
  /** Answers getWorkflow from a script of states; counts retries. */
  static final class Scripted implements Executions.RetryCalls {
    final Deque<Workflow> states = new ArrayDeque<>();
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
    public void retry(String id) {
      retries++;
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
}
