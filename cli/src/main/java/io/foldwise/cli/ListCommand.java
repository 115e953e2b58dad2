package io.foldwise.cli;

import com.netflix.conductor.common.run.WorkflowSummary;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code foldwise list}: the named experiments and their recent executions. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists the named experiments (experiments/*.yaml) with their workflow names and, when "
        + "Conductor is up, their most recent executions.")
final class ListCommand extends SessionCommand {
  @Option(names = "--recent", defaultValue = "5", description = "executions per experiment (default ${DEFAULT-VALUE})")
  int recent;

  @Override
  int execute(PrintWriter out, Settings settings, Session session) throws Exception {
    List<ExperimentConfig> experiments = session.catalog().all();
    boolean conductorUp = true;
    for (ExperimentConfig c : experiments) {
      String workflow = StageKeys.workflowName(c.name());
      out.println(c.name() + "  (workflow " + workflow + ", config " + c.shortHash() + ")");
      out.println("  " + c.description());
      if (!conductorUp || recent <= 0) {
        continue;
      }
      try {
        List<WorkflowSummary> runs = session.executions().recent(workflow, recent);
        if (runs.isEmpty()) {
          out.println("  no executions yet: ./foldwise run " + c.name());
        }
        for (WorkflowSummary w : runs) {
          out.println("  " + w.getWorkflowId() + "  " + w.getStatus() + "  started " + w.getStartTime());
        }
      } catch (RuntimeException e) {
        conductorUp = false;
        out.println("  (recent executions unavailable: " + e.getMessage() + ")");
      }
    }
    return 0;
  }
}
