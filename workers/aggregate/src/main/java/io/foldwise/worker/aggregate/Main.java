package io.foldwise.worker.aggregate;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.Conductor;
import io.foldwise.runtime.conductor.JoinKeeper;
import io.foldwise.runtime.conductor.WorkerService;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.Tracking;
import java.time.Duration;
import java.util.List;

/** The aggregation worker service: {@code ./foldwise worker aggregate}; it also runs the {@link JoinKeeper}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    Settings settings = Settings.load();
    // the stage after the folds' join also keeps that join from hanging after a resume (see JoinKeeper)
    JoinKeeper.start(Conductor.client(settings), Duration.ofSeconds(5), Duration.ofSeconds(10));
    WorkerService.run(settings,
        List.of(new AggregateWorker(ArtifactStore.connect(settings), Tracking.connect(settings))), 1);
  }
}
