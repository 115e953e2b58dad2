package io.foldwise.runtime.conductor;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import com.netflix.conductor.common.run.Workflow;
import com.netflix.conductor.common.run.WorkflowSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a JOIN that Conductor 3.21 strands, so a resumed experiment cannot hang at its folds' join.
 *
 * <p>Conductor creates a fork's JOIN IN_PROGRESS and evaluates it on its system-task queue. A retry re-creates a
 * failed JOIN as a SCHEDULED copy unless the newest attempt of a branch it joins is FAILED; and the server only ever
 * calls a SCHEDULED JOIN's (empty) start, never its evaluation, so that copy stays SCHEDULED for good while the
 * execution stays RUNNING. A retry meets that case after Conductor's own retry race: the re-queued JOIN is evaluated
 * before the retried fold exists, fails the execution again at once with its old failure, and the fold's new attempt
 * is left CANCELED (or, if its sub-workflow started anyway, running). Reproduced against the real server by retrying
 * a failed execution over and over ({@code JoinKeeperIT}).
 *
 * <p>The keeper, run by the aggregate worker service (the stage that waits on the join), looks every few seconds at
 * the RUNNING executions of Foldwise workflows; a JOIN that has been SCHEDULED for longer than {@code grace} and whose
 * branches have all ended is finished the way Conductor's JOIN would have: COMPLETED with each branch's output under
 * its reference name, or FAILED naming the failed branches (then the execution fails and can be resumed again, now on
 * the path where Conductor puts the JOIN back IN_PROGRESS). The task's log says why, in the Conductor UI.
 */
public final class JoinKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JoinKeeper.class);

  /** Workflows the keeper looks at (the experiment workflows; their fold sub-workflows have no JOIN). */
  public static final String WORKFLOW_PREFIX = "foldwise_";

  /** What to do with one stranded JOIN. */
  public record Finish(String workflowId, String taskId, String joinRef, Task.Status status,
      Map<String, Object> output, String reason) {
    String log() {
      return "finished " + status + " by Foldwise's join keeper: this JOIN was re-created SCHEDULED by a retry, a "
          + "state Conductor 3.21 never evaluates; every branch it joins has ended" + (reason == null ? "" : ": " + reason);
    }
  }

  private final WorkflowClient workflows;
  private final TaskClient tasks;
  private final Duration grace;
  private final ScheduledExecutorService timer;
  private volatile boolean warned;

  private JoinKeeper(WorkflowClient workflows, TaskClient tasks, Duration grace) {
    this.workflows = workflows;
    this.tasks = tasks;
    this.grace = grace;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "foldwise-join-keeper");
      t.setDaemon(true);
      return t;
    });
  }

  /** Sweeps every {@code every}; a JOIN counts as stranded once SCHEDULED for longer than {@code grace}. */
  public static JoinKeeper start(ConductorClient client, Duration every, Duration grace) {
    JoinKeeper k = new JoinKeeper(new WorkflowClient(client), new TaskClient(client), grace);
    k.timer.scheduleWithFixedDelay(k::sweepQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("join keeper: every {} s, finishes a JOIN stranded SCHEDULED for over {} s", every.toSeconds(),
        grace.toSeconds());
    return k;
  }

  private void sweepQuietly() {
    try {
      int n = sweep();
      warned = false;
      if (n > 0) {
        LOG.info("join keeper: finished {} stranded JOIN(s)", n);
      }
    } catch (RuntimeException e) {
      if (!warned) { // Conductor away (restarting): say it once, keep sweeping
        LOG.warn("join keeper: could not look at running executions ({}); trying again", e.toString());
        warned = true;
      }
    }
  }

  /** One pass over the running Foldwise executions; returns how many JOINs it finished. */
  public int sweep() {
    int finished = 0;
    List<WorkflowSummary> running = workflows.search(0, 200, "startTime:DESC", "*", "status IN (RUNNING)")
        .getResults();
    for (WorkflowSummary s : running) {
      if (s.getWorkflowType() == null || !s.getWorkflowType().startsWith(WORKFLOW_PREFIX)) {
        continue;
      }
      Workflow wf = workflows.getWorkflow(s.getWorkflowId(), true);
      for (Finish f : stranded(wf, System.currentTimeMillis(), grace)) {
        TaskResult r = new TaskResult();
        r.setWorkflowInstanceId(f.workflowId());
        r.setTaskId(f.taskId());
        r.setStatus(f.status() == Task.Status.COMPLETED ? TaskResult.Status.COMPLETED : TaskResult.Status.FAILED);
        r.setOutputData(f.output());
        r.setReasonForIncompletion(f.reason());
        r.log(f.log());
        tasks.updateTask(r);
        LOG.info("join keeper: {} {} of execution {} {}", f.joinRef(), f.taskId(), f.workflowId(), f.log());
        finished++;
      }
    }
    return finished;
  }

  /**
   * The stranded JOINs of {@code wf} at {@code nowMillis} and how to finish them: a RUNNING execution's newest
   * attempt of a JOIN, SCHEDULED for longer than {@code grace}, whose branches' newest attempts have all ended.
   */
  public static List<Finish> stranded(Workflow wf, long nowMillis, Duration grace) {
    List<Finish> out = new ArrayList<>();
    if (wf.getStatus() != Workflow.WorkflowStatus.RUNNING || wf.getTasks() == null) {
      return out;
    }
    for (Task join : wf.getTasks()) {
      if (!"JOIN".equals(join.getTaskType()) || join.getStatus() != Task.Status.SCHEDULED
          || newest(wf, join.getReferenceTaskName()) != join
          || nowMillis - join.getScheduledTime() <= grace.toMillis()) {
        continue;
      }
      Object on = join.getInputData() == null ? null : join.getInputData().get("joinOn");
      if (!(on instanceof List<?> refs) || refs.isEmpty()) {
        continue;
      }
      Map<String, Object> output = new LinkedHashMap<>();
      StringBuilder failures = new StringBuilder();
      boolean ended = true;
      for (Object ref : refs) {
        Task branch = newest(wf, String.valueOf(ref));
        if (branch == null || !branch.getStatus().isTerminal()) {
          ended = false;
          break;
        }
        output.put(String.valueOf(ref), branch.getOutputData());
        boolean optional = branch.getWorkflowTask() != null && branch.getWorkflowTask().isOptional();
        if (!branch.getStatus().isSuccessful() && !optional) {
          failures.append(failures.length() == 0 ? "" : "; ").append(ref).append(' ').append(branch.getStatus())
              .append(branch.getReasonForIncompletion() == null ? "" : ": " + branch.getReasonForIncompletion());
        }
      }
      if (ended) {
        boolean failed = failures.length() > 0;
        out.add(new Finish(wf.getWorkflowId(), join.getTaskId(), join.getReferenceTaskName(),
            failed ? Task.Status.FAILED : Task.Status.COMPLETED, output, failed ? failures.toString() : null));
      }
    }
    return out;
  }

  /** The newest attempt of the task with reference name {@code ref} (the last in the execution's task list). */
  static Task newest(Workflow wf, String ref) {
    Task found = null;
    for (Task t : wf.getTasks()) {
      if (ref.equals(t.getReferenceTaskName())) {
        found = t;
      }
    }
    return found;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
