package io.foldwise.cli;

import com.netflix.conductor.client.exception.ConductorClientException;
import io.foldwise.runtime.config.StackUnavailableException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a command body and turns the expected failures (unknown experiment, invalid experiment file,
 * stack not up, execution in the wrong state) into one line on stderr and exit status 2, instead
 * of a stack trace.
 */
final class CommandErrors {
  static final int FAILED = 2;

  private CommandErrors() {}

  static int run(CommandSpec spec, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (IllegalArgumentException | IllegalStateException | java.io.IOException
        | StackUnavailableException | ConductorClientException e) {
      spec.commandLine().getErr().println("foldwise: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return FAILED;
    }
  }
}
