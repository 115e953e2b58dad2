package io.foldwise.workflows;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.run.SearchResult;
import com.netflix.conductor.common.run.Workflow;
import com.netflix.conductor.common.run.WorkflowSummary;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Status, resume and listing of experiment executions. */
public final class Executions {
  private final WorkflowClient workflows;

  /** The two calls resume makes, so its handling of Conductor's retry race can be tested (ResumeRaceTest). */
  interface RetryCalls {
    Workflow workflow(String id);

    void retry(String id);
  }

  private final RetryCalls calls;

  public Executions(ConductorClient client) {
    this.workflows = new WorkflowClient(client);
    this.calls = new RetryCalls() {
      @Override
      public Workflow workflow(String id) {
        return workflows.getWorkflow(id, false);
      }

      @Override
      public void retry(String id) {
        workflows.retryLastFailedTask(id);
      }
    };
  }

  /** How long after a retry an execution that fails again with its old failure counts as Conductor's race. */
  static final Duration RETRY_SETTLE = Duration.ofSeconds(3);
  static final int RETRY_ATTEMPTS = 3;

  public Workflow get(String workflowId) {
    return workflows.getWorkflow(workflowId, true);
  }

  /**
   * The execution, waiting up to {@code patience} for a Conductor server that is away (restarting), with a
   * line to {@code notes} when it is away and when it is back.
   */
  public Workflow get(String workflowId, String conductorUrl, Duration patience, Consumer<String> notes) {
    return new ServerAway("Conductor", conductorUrl, notes)
        .poll(() -> workflows.getWorkflow(workflowId, true), System.nanoTime() + patience.toNanos());
  }

  /**
   * Retries a FAILED/TIMED_OUT/TERMINATED execution from its failed task ({@code POST /workflow/{id}/retry});
   * with permissive fold tasks only the failed fold reruns, and its training resumes from its checkpoint.
   */
  public void resume(String workflowId) {
    resume(calls, workflowId);
  }

  /** {@link #resume(String)} through {@code calls} (the server's, or a test's that plays its answers). */
  static void resume(RetryCalls calls, String workflowId) {
    Workflow wf = calls.workflow(workflowId);
    if (!wf.getStatus().isTerminal()) {
      throw new IllegalStateException("workflow " + workflowId + " is " + wf.getStatus()
          + "; only a failed, timed out or terminated execution can be resumed");
    }
    if (wf.getStatus() == Workflow.WorkflowStatus.COMPLETED) {
      throw new IllegalStateException("workflow " + workflowId + " already COMPLETED; start a new one with "
          + "./foldwise run " + wf.getInput().getOrDefault("experiment", "<experiment>"));
    }
    // Conductor 3.21 can end a retried execution again at once with its old failure: the retry re-queues the failed
    // JOIN before it has created the fold's new attempt, and an evaluation in between fails the JOIN again (about 1
    // retry in 20 against the real server with the JOIN re-queued at once; the stack now delays it 1 s). Then the
    // retry is made again. That second retry re-creates the JOIN as a SCHEDULED copy, which the server never
    // evaluates: the aggregate worker service's JoinKeeper finishes it once the folds have ended.
    String failure = wf.getReasonForIncompletion();
    for (int attempt = 1; ; attempt++) {
      calls.retry(workflowId);
      if (attempt == RETRY_ATTEMPTS || !endedAgainWith(calls, workflowId, failure)) {
        return;
      }
    }
  }

  /** Whether the execution is terminal again with {@code failure} within {@link #RETRY_SETTLE} of a retry. */
  private static boolean endedAgainWith(RetryCalls calls, String workflowId, String failure) {
    long deadline = System.nanoTime() + RETRY_SETTLE.toNanos();
    while (System.nanoTime() < deadline) {
      Workflow now = calls.workflow(workflowId);
      if (now.getStatus().isTerminal()) {
        return java.util.Objects.equals(failure, now.getReasonForIncompletion());
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** The most recent executions of a workflow name (newest first). */
  public List<WorkflowSummary> recent(String workflowName, int count) {
    return search(workflowName, count).getResults();
  }

  /** The newest {@code count} executions of a workflow name and the total number there are. */
  public SearchResult<WorkflowSummary> search(String workflowName, int count) {
    return workflows.search(0, count, "startTime:DESC", "*", "workflowType IN (" + workflowName + ")");
  }
}
