package io.foldwise.worker.aggregate;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.WorkerService;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.Tracking;
import java.util.List;

/** The aggregation worker service: {@code ./foldwise worker aggregate}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    Settings settings = Settings.load();
    WorkerService.run(settings,
        List.of(new AggregateWorker(ArtifactStore.connect(settings), Tracking.connect(settings))), 1);
  }
}
