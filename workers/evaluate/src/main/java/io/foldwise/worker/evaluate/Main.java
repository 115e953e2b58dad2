package io.foldwise.worker.evaluate;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.WorkerService;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.Tracking;
import java.util.List;

/** The evaluation worker service: {@code ./foldwise worker evaluate}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    try {
      // FOLDWISE_NATIVE: a build this CPU cannot run stops the service here, before it takes a task
      org.slf4j.LoggerFactory.getLogger(Main.class).info("native build: {}", io.foldwise.unet.runtime.NativeBackend.describe());
    } catch (IllegalArgumentException e) {
      System.err.println("foldwise worker " + "evaluate" + ": " + e.getMessage());
      System.exit(2);
    }
    Settings settings = Settings.load();
    WorkerService.run(settings,
        List.of(new EvaluateWorker(settings, ArtifactStore.connect(settings), Tracking.connect(settings))), 1);
  }
}
