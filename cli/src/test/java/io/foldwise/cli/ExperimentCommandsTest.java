package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The experiment commands' argument handling, without launching anything. */
class ExperimentCommandsTest {
  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void unknownExperimentListsTheKnownOnes() {
    Result r = run("run", "no-such-experiment", "--no-stack");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith("foldwise: no experiment named 'no-such-experiment'; known: covid19-miscnn, "
        + "covid19-rehearsal, phantom-smoke (files in "), r.err());
  }

  @Test
  void listShowsEveryNamedExperimentWithItsWorkflow() {
    Result r = run("list", "--recent", "0");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("phantom-smoke  (workflow foldwise_phantom_smoke, config "), r.out());
    assertTrue(r.out().contains("covid19-miscnn  (workflow foldwise_covid19_miscnn, config "), r.out());
    assertTrue(r.out().contains("covid19-rehearsal  (workflow foldwise_covid19_rehearsal, config "), r.out());
  }

  @Test
  void runNeedsAnExperimentName() {
    Result r = run("run");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("Missing required parameter: 'EXPERIMENT'"), r.err());
  }
}
