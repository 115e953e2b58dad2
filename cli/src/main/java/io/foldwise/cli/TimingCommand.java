package io.foldwise.cli;

import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.workflows.ExecutionTiming;
import io.foldwise.workflows.Executions;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code foldwise timing <workflow-id>}: where an execution's wall time went (compute versus orchestration). */
@Command(name = "timing", mixinStandardHelpOptions = true,
    description = "Splits an execution's wall time into compute inside the workers and everything else (waiting "
        + "to be polled, deciding, forks and joins, MinIO transfers, MLflow calls) along its critical chain, and "
        + "lists every task's queue wait, run time, compute, storage and tracking time.")
final class TimingCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Override
  int execute(PrintWriter out, Settings settings, Session session) throws Exception {
    Executions executions = session.executions();
    Workflow wf = execution(executions, settings, workflowId, out);
    ExecutionTiming.Report report = ExecutionTiming.of(wf, id -> execution(executions, settings, id, out));
    report.lines().forEach(out::println);
    if (!wf.getStatus().isTerminal()) {
      out.println("(the execution is still " + wf.getStatus() + ": the split covers what has run so far)");
    }
    return 0;
  }
}
