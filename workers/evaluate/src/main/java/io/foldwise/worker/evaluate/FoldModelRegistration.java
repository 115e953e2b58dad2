package io.foldwise.worker.evaluate;

import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.CodeVersion;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.model.MlModel;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.unet.runtime.NativeBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The fold's model as an MLflow model directory in its run ({@code model/model.zip}, the DL4J graph, and
 * {@code model/MLmodel}, which says what it is and how to use it: {@link MlModel}), registered as version of
 * {@code <experiment>-fold-<k>} whose source is that directory and whose run is the fold's run.
 */
final class FoldModelRegistration {
  static final String DIR = "model";

  private FoldModelRegistration() {}

  /** Uploads the model's bytes ({@code model/model.zip}, read once from the artifact store by the caller). */
  static void uploadModel(Settings settings, Tracking tracking, String runId, byte[] model) throws IOException {
    Path spool = Files.createDirectories(settings.dataDir().resolve("work/evaluate"));
    Path file = Files.createTempFile(spool, "model", ".zip");
    try {
      Files.write(file, model);
      tracking.uploadArtifact(runId, DIR + "/" + MlModel.DATA, file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Writes {@code model/MLmodel} beside the uploaded model and registers the directory (idempotent per run); returns the version. */
  static String register(Tracking tracking, ExperimentConfig config, int fold, String runId) {
    // the build that trained the fold (the train worker tags its run), else this worker's
    String nativeBuild = tracking.runTags(runId).getOrDefault("foldwise.native_backend", NativeBackend.describe());
    MlModel mlmodel = MlModel.of(config, fold, runId, Instant.now(), nativeBuild, CodeVersion.get());
    tracking.uploadArtifact(runId, DIR + "/" + MlModel.FILE, mlmodel.render().getBytes(StandardCharsets.UTF_8));
    return tracking.registerModelVersion(MlModel.registeredName(config.name(), fold), runId, DIR);
  }
}
