package io.foldwise.worker.download;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.WorkerService;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.Tracking;
import java.util.List;

/** The download worker service: {@code ./foldwise worker download}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Settings settings = Settings.load();
    long maxBytes = Long.parseLong(System.getenv().getOrDefault("FOLDWISE_MAX_EXTRACT_BYTES",
        String.valueOf(64L << 30)));
    DownloadWorker worker = new DownloadWorker(settings, ArtifactStore.connect(settings),
        Tracking.connect(settings), maxBytes);
    WorkerService.run(settings, List.of(worker), 1);
  }
}
