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
    Settings settings = Settings.load();
    WorkerService.run(settings,
        List.of(new EvaluateWorker(settings, ArtifactStore.connect(settings), Tracking.connect(settings))), 1);
  }
}
