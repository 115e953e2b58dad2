package io.foldwise.cli;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ConductorLinks;
import io.foldwise.workflows.ExecutionView;
import io.foldwise.workflows.Executions;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foldwise status <workflow-id>}: an execution's tasks, folds and failure reasons. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows an experiment execution: its status, each task (retries, cache reuse, failure "
        + "reason) and each fold's sub-workflow.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Override
  public Integer call() throws Exception {
    return CommandErrors.run(spec, this::execute);
  }

  private Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = Settings.load();
    try (Session session = new Session(settings)) {
      Executions executions = session.executions();
      Workflow wf = executions.get(workflowId);
      ExecutionView.lines(wf).forEach(out::println);
      for (Task t : wf.getTasks()) {
        if (t.getSubWorkflowId() != null) {
          Workflow sub = executions.get(t.getSubWorkflowId());
          ExecutionView.lines(sub).forEach(line -> out.println("    " + line));
        }
      }
      out.println("Conductor    " + ConductorLinks.execution(settings, workflowId));
      return wf.getStatus() == Workflow.WorkflowStatus.FAILED ? 1 : 0;
    }
  }
}
