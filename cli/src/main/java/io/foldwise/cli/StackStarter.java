package io.foldwise.cli;

import io.foldwise.runtime.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Brings the profile's stack and worker services up through {@code stack/stack.sh} (a no-op when they run). */
final class StackStarter {
  private StackStarter() {}

  static void ensureUp(Settings settings) throws IOException, InterruptedException {
    Path script = settings.root().resolve("stack/stack.sh");
    if (!Files.isExecutable(script)) {
      throw new IOException(script + " is missing or not executable; run from the Foldwise checkout");
    }
    Process p = new ProcessBuilder(script.toString(), "up", "--workers", "--profile", settings.profile())
        .directory(settings.root().toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .start();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException("'" + script + " up --workers --profile " + settings.profile() + "' failed (exit " + rc
          + "); see its messages above");
    }
  }
}
