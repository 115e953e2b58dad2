package io.foldwise.worker.evaluate;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.volume.LabelVolume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A validation case's predicted label map as a NIfTI file (uint8, the case's own affine) in MinIO
 * ({@code evaluation/predictions/<case>.nii.gz}) and in the fold's MLflow run ({@code predictions/<case>.nii.gz}),
 * to open beside the image and mask in a viewer.
 */
final class PredictedLabels {
  private PredictedLabels() {}

  /**
   * The label map as gzipped NIfTI bytes (encoded on the caller's thread; {@link #store} and {@link #log} may run on
   * another).
   */
  static byte[] encode(LabelVolume labels) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Nifti.writeLabels(out, labels);
    return out.toByteArray();
  }

  /** Into MinIO, beside the fold's other evaluation files. */
  static void store(ArtifactStore store, ExperimentConfig config, int fold, String caseId, byte[] nifti) {
    store.putBytes(FoldFiles.predictionKey(config, fold, caseId), nifti, "application/gzip");
  }

  /** Into the fold's MLflow run. */
  static void log(Tracking tracking, String runId, String caseId, byte[] nifti) {
    tracking.uploadArtifact(runId, "predictions/" + caseId + ".nii.gz", nifti);
  }
}
