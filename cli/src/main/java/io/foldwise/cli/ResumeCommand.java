package io.foldwise.cli;

import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ConductorLinks;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code foldwise resume <workflow-id>}: retries a failed execution from its failed task. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Retries a failed execution from where it failed (Conductor's retry): finished stages "
        + "and folds are kept, a failed fold resumes training from its last checkpoint.")
final class ResumeCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Option(names = "--wait", description = "follow the execution until it ends")
  boolean wait;

  @Override
  int execute(PrintWriter out, Settings settings, Session session) throws Exception {
    session.executions().resume(workflowId, printing(out));
    out.println("resumed " + workflowId + ": " + ConductorLinks.execution(settings, workflowId));
    if (!wait) {
      return 0;
    }
    Workflow end = follow(session.launcher(), workflowId, Duration.ofHours(2), out);
    return end.getStatus() == Workflow.WorkflowStatus.COMPLETED ? 0 : 1;
  }
}
