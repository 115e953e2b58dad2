package io.foldwise.cli;

import com.netflix.conductor.common.run.WorkflowSummary;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foldwise list}: the named experiments and their recent executions. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists the named experiments (experiments/*.yaml) with their workflow names and, when "
        + "Conductor is up, their most recent executions.")
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--recent", defaultValue = "5", description = "executions per experiment (default ${DEFAULT-VALUE})")
  int recent;

  @Override
  public Integer call() throws Exception {
    return CommandErrors.run(spec, this::execute);
  }

  private Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = Settings.load();
    try (Session session = new Session(settings)) {
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
}
