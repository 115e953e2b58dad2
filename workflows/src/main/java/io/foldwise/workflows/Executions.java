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

  public Executions(ConductorClient client) {
    this.workflows = new WorkflowClient(client);
  }

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
    Workflow wf = workflows.getWorkflow(workflowId, false);
    if (!wf.getStatus().isTerminal()) {
      throw new IllegalStateException("workflow " + workflowId + " is " + wf.getStatus()
          + "; only a failed, timed out or terminated execution can be resumed");
    }
    if (wf.getStatus() == Workflow.WorkflowStatus.COMPLETED) {
      throw new IllegalStateException("workflow " + workflowId + " already COMPLETED; start a new one with "
          + "./foldwise run " + wf.getInput().getOrDefault("experiment", "<experiment>"));
    }
    workflows.retryLastFailedTask(workflowId);
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
