package io.foldwise.worker.preprocess;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.WorkerService;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.Tracking;
import java.util.List;

/** The preprocessing worker service (tasks foldwise_preprocess and foldwise_split): {@code ./foldwise worker preprocess}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Settings settings = Settings.load();
    ArtifactStore store = ArtifactStore.connect(settings);
    WorkerService.run(settings, List.of(new PreprocessWorker(settings, store),
        new SplitWorker(store, Tracking.connect(settings))), 2);
  }
}
