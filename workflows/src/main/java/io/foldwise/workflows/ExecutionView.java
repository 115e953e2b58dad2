package io.foldwise.workflows;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Human-readable lines about an execution: one per task, with fold sub-workflows and failure reasons. */
public final class ExecutionView {
  private ExecutionView() {}

  /** The execution's status and one line per task. */
  public static List<String> lines(Workflow wf) {
    List<String> out = new ArrayList<>();
    out.add(wf.getWorkflowName() + " " + wf.getWorkflowId() + ": " + wf.getStatus()
        + (wf.getReasonForIncompletion() == null ? "" : " (" + wf.getReasonForIncompletion() + ")"));
    for (Task t : wf.getTasks()) {
      out.add("  " + line(t));
    }
    return out;
  }

  static String line(Task t) {
    StringBuilder s = new StringBuilder(String.format("%-14s %-24s", t.getReferenceTaskName(), t.getStatus()));
    if (t.getRetryCount() > 0) {
      s.append(" retry ").append(t.getRetryCount());
    }
    if (t.getSubWorkflowId() != null) {
      s.append(" sub-workflow ").append(t.getSubWorkflowId());
    }
    Object cached = t.getOutputData() == null ? null : t.getOutputData().get("cached");
    if (Boolean.TRUE.equals(cached)) {
      s.append(" (reused from cache)");
    }
    if (t.getReasonForIncompletion() != null && !t.getReasonForIncompletion().isBlank()) {
      s.append(" — ").append(t.getReasonForIncompletion());
    }
    return s.toString();
  }

  /** Remembers task states between polls and reports what changed. */
  static final class Tracker {
    private final Map<String, String> seen = new HashMap<>();
    private String workflowStatus;

    List<String> changes(Workflow wf) {
      List<String> out = new ArrayList<>();
      for (Task t : wf.getTasks()) {
        String key = t.getTaskId();
        String state = t.getStatus() + "/" + t.getRetryCount();
        if (!state.equals(seen.put(key, state))) {
          out.add(line(t));
        }
      }
      String status = String.valueOf(wf.getStatus());
      if (!status.equals(workflowStatus)) {
        workflowStatus = status;
        out.add("workflow " + status);
      }
      return out;
    }
  }
}
