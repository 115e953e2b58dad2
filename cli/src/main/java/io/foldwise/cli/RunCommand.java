package io.foldwise.cli;

import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.workflows.CachePreview;
import io.foldwise.workflows.Launch;
import io.foldwise.workflows.Launcher;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code foldwise run <experiment> [--wait]}: launches a named experiment as a Conductor workflow. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Launches a named experiment (experiments/<name>.yaml) as the Conductor workflow "
        + "foldwise_<name>: brings the local stack and worker services up if needed, registers the "
        + "definitions, shows which stages will be reused from cache, starts the execution and prints "
        + "its id, its Conductor URL, its page in the Foldwise console and the MLflow URL of its parent run.",
        "With --wait, follows the execution to its end (exit 0 when COMPLETED)."})
final class RunCommand extends SessionCommand {
  @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "experiment name (experiments/<name>.yaml), e.g. phantom-smoke, or the path of an experiment file elsewhere, e.g. ~/ct/my-study.yaml")
  String experiment;

  @Option(names = "--wait", description = "follow the execution until it ends")
  boolean wait;

  @Option(names = "--no-stack", description = "do not start the stack and workers (they already run elsewhere)")
  boolean noStack;

  @Option(names = "--timeout-minutes", defaultValue = "120", description = "give up waiting after this long (default ${DEFAULT-VALUE})")
  int timeoutMinutes;

  @Override
  int execute(PrintWriter out, Settings settings, Session session) throws Exception {
    ExperimentConfig config = session.catalog().get(experiment);
    if (!noStack) {
      StackStarter.ensureUp(settings);
    }
    Launcher launcher = session.launcher();
    Launch launch = launcher.launch(config, session.store());
    out.println("experiment   " + config.name() + " (config " + config.shortHash() + ", profile " + settings.profile() + ")");
    out.println("stages:");
    for (CachePreview.Stage s : launch.stages()) { // with the reason each stage runs again
      out.println("  " + s);
    }
    out.println("workflow id  " + launch.workflowId());
    out.println("Conductor    " + launch.conductorUrl());
    out.println("console      " + consoleUrl(settings, launch.workflowId()));
    out.flush();
    String mlflow = launcher.parentRunUrl(session.tracking(), config, launch.workflowId(), Duration.ofSeconds(90))
        .orElse(settings.mlflowUrl() + " (parent run not open yet: is the download worker running? "
            + "./foldwise stack status)");
    out.println("MLflow       " + mlflow);
    out.println("artifacts    " + session.store().uri("runs/" + config.identity()));
    out.flush();
    if (!wait) {
      out.println("follow it with: ./foldwise status " + launch.workflowId());
      return 0;
    }
    Workflow end = follow(launcher, launch.workflowId(), Duration.ofMinutes(timeoutMinutes), out);
    Map<String, Object> output = end.getOutput();
    if (end.getStatus() == Workflow.WorkflowStatus.COMPLETED) {
      out.println("Dice (cross-validation mean): " + Figures.diceByClass(output.get("diceMean")));
      out.println("summary      " + session.store().uri(String.valueOf(output.get("summaryKey"))));
      out.println("MLflow       " + mlflow);
      return 0;
    }
    out.println("resume with: ./foldwise resume " + launch.workflowId());
    return 1;
  }

  /** The execution's page in the Foldwise console (a service of the stack unless the profile leaves it out). */
  static String consoleUrl(Settings settings, String workflowId) {
    String url = settings.consoleUrl() + "/executions/" + workflowId;
    return settings.optional("FOLDWISE_CONSOLE_SERVICE").orElse("on").equals("off")
        ? url + " (profile " + settings.profile() + " does not start the console: ./foldwise stack console up --profile "
            + settings.profile() + ")"
        : url;
  }
}
