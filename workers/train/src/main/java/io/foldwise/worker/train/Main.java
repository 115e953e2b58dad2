package io.foldwise.worker.train;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.WorkerService;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.Tracking;
import java.util.List;

/** The training worker service (one fold at a time per process): {@code ./foldwise worker train}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    try {
      // FOLDWISE_NATIVE: a build this CPU cannot run stops the service here, before it takes a task
      org.slf4j.LoggerFactory.getLogger(Main.class).info("native build: {}", io.foldwise.unet.runtime.NativeBackend.describe());
    } catch (IllegalArgumentException e) {
      System.err.println("foldwise worker " + "train" + ": " + e.getMessage());
      System.exit(2);
    }
    Settings settings = Settings.load();
    WorkerService.run(settings,
        List.of(new TrainWorker(settings, ArtifactStore.connect(settings), Tracking.connect(settings))), 1);
  }
}
