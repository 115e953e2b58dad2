package io.foldwise.runtime.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.runtime.artifact.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of one fold under {@code runs/<experiment>/<config-hash>/fold-<k>/}: checkpoints, the
 * trained model, the epoch history (one entry per epoch, rewritten every epoch; after a resume it
 * continues the numbering) and the evaluation.
 */
public final class FoldFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FoldFiles() {}

  public static String checkpointPrefix(ExperimentConfig c, int fold) {
    return StageKeys.foldPrefix(c, fold) + "/checkpoints";
  }

  public static String modelKey(ExperimentConfig c, int fold) {
    return StageKeys.foldPrefix(c, fold) + "/model.zip";
  }

  public static String historyKey(ExperimentConfig c, int fold) {
    return StageKeys.foldPrefix(c, fold) + "/history.json";
  }

  public static String metricsKey(ExperimentConfig c, int fold) {
    return StageKeys.foldPrefix(c, fold) + "/evaluation/metrics.json";
  }

  public static String overlayPrefix(ExperimentConfig c, int fold) {
    return StageKeys.foldPrefix(c, fold) + "/evaluation/overlays";
  }

  /** A validation case's predicted label map (NIfTI, on the case's original grid). */
  public static String predictionKey(ExperimentConfig c, int fold, String caseId) {
    return StageKeys.foldPrefix(c, fold) + "/evaluation/predictions/" + caseId + ".nii.gz";
  }

  /** The epoch history ({@code [{"epoch":1,"metrics":{...},"learningRate":...}, ...]}), empty if none yet. */
  public static List<Map<String, Object>> readHistory(ArtifactStore store, ExperimentConfig c, int fold) {
    String key = historyKey(c, fold);
    if (!store.exists(key)) {
      return new ArrayList<>();
    }
    try {
      return JSON.readValue(store.getBytes(key), new TypeReference<List<Map<String, Object>>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable epoch history " + store.uri(key) + ": " + e.getMessage(), e);
    }
  }

  public static void writeHistory(ArtifactStore store, ExperimentConfig c, int fold,
      List<Map<String, Object>> history) {
    try {
      store.putBytes(historyKey(c, fold), JSON.writeValueAsBytes(history), "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
