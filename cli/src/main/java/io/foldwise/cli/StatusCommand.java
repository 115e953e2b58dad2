package io.foldwise.cli;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ConductorLinks;
import io.foldwise.workflows.ExecutionView;
import io.foldwise.workflows.Executions;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code foldwise status <workflow-id>}: an execution's tasks, folds and failure reasons. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows an experiment execution: its status, each task (retries, cache reuse, failure "
        + "reason) and each fold's sub-workflow.")
final class StatusCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Override
  int execute(PrintWriter out, Settings settings, Session session) throws Exception {
    Executions executions = session.executions();
    Workflow wf = execution(executions, settings, workflowId, out);
    ExecutionView.lines(wf).forEach(out::println);
    for (Task t : wf.getTasks()) {
      if (t.getSubWorkflowId() != null) {
        Workflow sub = execution(executions, settings, t.getSubWorkflowId(), out);
        ExecutionView.lines(sub).forEach(line -> out.println("    " + line));
      }
    }
    out.println("Conductor    " + ConductorLinks.execution(settings, workflowId));
    return wf.getStatus() == Workflow.WorkflowStatus.FAILED ? 1 : 0;
  }
}
