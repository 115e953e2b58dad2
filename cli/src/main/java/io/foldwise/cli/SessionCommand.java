package io.foldwise.cli;

import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.workflows.ExecutionView;
import io.foldwise.workflows.Executions;
import io.foldwise.workflows.Launcher;
import io.foldwise.workflows.Session;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An experiment command: loads the settings, opens a {@link Session} on the stack for the body and
 * reports expected failures in one line ({@link CommandErrors}).
 */
abstract class SessionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    return CommandErrors.run(spec, () -> {
      PrintWriter out = spec.commandLine().getOut();
      Settings settings = Settings.load();
      try (Session session = new Session(settings)) {
        return execute(out, settings, session);
      }
    });
  }

  /** The command's body; its result is the exit status. */
  abstract int execute(PrintWriter out, Settings settings, Session session) throws Exception;

  /** Follows an execution to its end, printing each change as it happens and then the final state. */
  static Workflow follow(Launcher launcher, String workflowId, Duration timeout, PrintWriter out) throws Exception {
    Workflow end = launcher.await(workflowId, timeout, line -> {
      out.println("  " + line);
      out.flush();
    });
    ExecutionView.lines(end).forEach(out::println);
    return end;
  }

  /** The execution with its tasks, waiting up to two minutes for a Conductor server that is away, saying so. */
  static Workflow execution(Executions executions, Settings settings, String workflowId, PrintWriter out) {
    return executions.get(workflowId, settings.conductorApiUrl(), Duration.ofMinutes(2), printing(out));
  }

  /** Notes printed as they come, a line each (flushed: a wait in between must not hold them back). */
  static Consumer<String> printing(PrintWriter out) {
    return line -> {
      out.println(line);
      out.flush();
    };
  }
}
