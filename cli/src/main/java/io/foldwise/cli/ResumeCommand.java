package io.foldwise.cli;

import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ConductorLinks;
import io.foldwise.workflows.ExecutionView;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foldwise resume <workflow-id>}: retries a failed execution from its failed task. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Retries a failed execution from where it failed (Conductor's retry): finished stages "
        + "and folds are kept, a failed fold resumes training from its last checkpoint.")
final class ResumeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Option(names = "--wait", description = "follow the execution until it ends")
  boolean wait;

  @Override
  public Integer call() throws Exception {
    return CommandErrors.run(spec, this::execute);
  }

  private Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = Settings.load();
    try (Session session = new Session(settings)) {
      session.executions().resume(workflowId);
      out.println("resumed " + workflowId + ": " + ConductorLinks.execution(settings, workflowId));
      if (!wait) {
        return 0;
      }
      Workflow end = session.launcher().await(workflowId, Duration.ofHours(2), line -> {
        out.println("  " + line);
        out.flush();
      });
      ExecutionView.lines(end).forEach(out::println);
      return end.getStatus() == Workflow.WorkflowStatus.COMPLETED ? 0 : 1;
    }
  }
}
