package io.foldwise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code foldwise} command line: {@code ./foldwise <command>}. */
@Command(
    name = "foldwise",
    mixinStandardHelpOptions = true,
    version = "foldwise 0.1.0",
    description = "Reproducible 3D medical image segmentation experiments.",
    subcommands = {CommandLine.HelpCommand.class, InspectCommand.class, ChecksumCommand.class, ExploreCommand.class,
        PhantomsCommand.class, RunCommand.class, StatusCommand.class, ResumeCommand.class, ListCommand.class,
        PredictCommand.class, TimingCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
