package io.foldwise.workflows;

import com.netflix.conductor.client.exception.ConductorClientException;
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

    /**
     * {@code POST /workflow/{id}/retry}; false when the server answers that the execution has no task to retry
     * (409 "There are no retryable tasks!"), any other refusal is thrown.
     */
    boolean retry(String id);
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
      public boolean retry(String id) {
        try {
          workflows.retryLastFailedTask(id);
          return true;
        } catch (ConductorClientException e) {
          if (e.getStatus() == 409 && String.valueOf(e.getMessage()).contains("no retryable tasks")) {
            return false;
          }
          throw e;
        }
      }
    };
  }

  /** How long after a retry an execution that fails again with its old failure counts as Conductor's race. */
  static final Duration RETRY_SETTLE = Duration.ofSeconds(3);
  static final int RETRY_ATTEMPTS = 3;
  /**
   * How long a failed execution with no task to retry is given to become retryable. The race below can leave one
   * so: FAILED, with the retried fold's new sub-workflow still running. The server's repair sweep ends that
   * sub-workflow (about 15 s later on the local stack), and then its task can be retried.
   */
  static final Duration NOTHING_TO_RETRY_PATIENCE = Duration.ofSeconds(120);
  private static final Duration NOTHING_TO_RETRY_POLL = Duration.ofSeconds(2);

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
    resume(workflowId, line -> { });
  }

  /** {@link #resume(String)}, with a line to {@code notes} when it has to wait for the server (see below). */
  public void resume(String workflowId, Consumer<String> notes) {
    resume(calls, workflowId, NOTHING_TO_RETRY_PATIENCE, NOTHING_TO_RETRY_POLL, notes);
  }

  /** {@link #resume(String)} through {@code calls} (the server's, or a test's that plays its answers). */
  static void resume(RetryCalls calls, String workflowId) {
    resume(calls, workflowId, NOTHING_TO_RETRY_PATIENCE, NOTHING_TO_RETRY_POLL, line -> { });
  }

  /** {@link #resume(RetryCalls, String)} with the waits for an execution that has no task to retry yet. */
  static void resume(RetryCalls calls, String workflowId, Duration patience, Duration poll, Consumer<String> notes) {
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
    // The same race on the fold's SUB_WORKFLOW task (a sweep that read the execution before the retry) ends it FAILED
    // with the fold's new sub-workflow running: then there is nothing to retry until the server's repair sweep has
    // ended that sub-workflow, so the retry is made again once there is.
    String failure = wf.getReasonForIncompletion();
    for (int attempt = 1; ; attempt++) {
      if (!retryOnceRetryable(calls, workflowId, patience, poll, notes)) {
        return; // running again without a retry of ours
      }
      if (attempt == RETRY_ATTEMPTS || !endedAgainWith(calls, workflowId, failure)) {
        return;
      }
    }
  }

  /**
   * Retries the execution, waiting up to {@code patience} while the server has no task of it to retry: true once a
   * retry was made, false if the execution runs again by itself meanwhile.
   */
  private static boolean retryOnceRetryable(RetryCalls calls, String workflowId, Duration patience, Duration poll,
      Consumer<String> notes) {
    long deadline = System.nanoTime() + patience.toNanos();
    boolean said = false;
    while (!calls.retry(workflowId)) {
      Workflow now = calls.workflow(workflowId);
      if (!now.getStatus().isTerminal()) {
        return false;
      }
      if (!said) {
        said = true;
        notes.accept("Conductor has no task of " + workflowId + " to retry yet (a retry raced with its sweep, which "
            + "is still ending the fold's new attempt); retrying every " + poll.toSeconds() + " s for up to "
            + patience.toSeconds() + " s");
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException("workflow " + workflowId + " is " + now.getStatus() + " but Conductor "
            + "has had no failed task of it to retry for " + patience.toSeconds() + " s (a retry that raced with "
            + "the server's sweep can leave it so until the sweep repairs it); run the resume again in a few "
            + "minutes, or start a new execution with ./foldwise run "
            + now.getInput().getOrDefault("experiment", "<experiment>"));
      }
      Launcher.sleep(poll);
    }
    return true;
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
