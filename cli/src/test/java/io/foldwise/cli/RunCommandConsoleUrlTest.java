package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.runtime.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code run} prints the execution's page in the console: the profile's console service, or how to start it. */
class RunCommandConsoleUrlTest {
  private static Settings profile(Map<String, String> overrides) {
    return Settings.load(overrides, Path.of("").toAbsolutePath());
  }

  @Test
  void theLocalProfilePointsAtItsConsoleService() {
    assertEquals("http://127.0.0.1:8200/executions/abc-1",
        RunCommand.consoleUrl(profile(Map.of("FOLDWISE_PROFILE", "local")), "abc-1"));
    assertEquals("http://127.0.0.1:8300/executions/abc-1", RunCommand.consoleUrl(profile(Map.of(
        "FOLDWISE_PROFILE", "local", "FOLDWISE_CONSOLE_PORT", "8300", "FOLDWISE_CONSOLE_HOST", "0.0.0.0")), "abc-1"));
  }

  @Test
  void theTestProfileSaysHowToStartIt() {
    assertEquals("http://127.0.0.1:18200/executions/abc-1 (profile test does not start the console: "
        + "./foldwise stack console up --profile test)",
        RunCommand.consoleUrl(profile(Map.of("FOLDWISE_PROFILE", "test")), "abc-1"));
  }
}
