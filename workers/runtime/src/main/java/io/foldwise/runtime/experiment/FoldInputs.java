package io.foldwise.runtime.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.runtime.artifact.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fold's checkpoints and model were computed from, beyond the config its prefix already names
 * ({@code runs/<experiment>/<config-hash>/fold-<k>/}): the preprocessed samples (their content key, which
 * hashes the data, the preprocessing settings and the preprocessing code), the split, and the training
 * code. Stored as {@code fold-<k>/inputs.json} before training starts; a fold's stored output is reused
 * only when these match, so a fold is never served from other data or other code.
 *
 * @param samplesPrefix the preprocess stage's content-addressed prefix ({@code preprocessed/<key>})
 * @param splitHash SHA-256 of the fold split
 * @param trainCode {@link CodeFingerprint} of the training worker
 */
public record FoldInputs(String samplesPrefix, String splitHash, String trainCode) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public FoldInputs {
    Objects.requireNonNull(samplesPrefix, "samplesPrefix == null");
    Objects.requireNonNull(splitHash, "splitHash == null");
    Objects.requireNonNull(trainCode, "trainCode == null");
  }

  public static String key(ExperimentConfig c, int fold) {
    return StageKeys.foldPrefix(c, fold) + "/inputs.json";
  }

  /** The inputs recorded for a fold, if any. */
  public static Optional<FoldInputs> read(ArtifactStore store, ExperimentConfig c, int fold) {
    String key = key(c, fold);
    if (!store.exists(key)) {
      return Optional.empty();
    }
    try {
      Map<?, ?> m = JSON.readValue(store.getBytes(key), Map.class);
      return Optional.of(new FoldInputs(String.valueOf(m.get("samplesPrefix")), String.valueOf(m.get("splitHash")),
          String.valueOf(m.get("trainCode"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable: treated as unknown, so the fold is recomputed
    }
  }

  public void write(ArtifactStore store, ExperimentConfig c, int fold) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("samplesPrefix", samplesPrefix);
    m.put("splitHash", splitHash);
    m.put("trainCode", trainCode);
    try {
      store.putBytes(key(c, fold), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m), "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Why output computed from {@code this} does not fit {@code wanted}, in words; empty when it fits. */
  public List<String> changesTo(FoldInputs wanted) {
    List<String> out = new ArrayList<>();
    if (!samplesPrefix.equals(wanted.samplesPrefix)) {
      out.add("preprocessed data changed");
    }
    if (!splitHash.equals(wanted.splitHash)) {
      out.add("split changed");
    }
    if (!trainCode.equals(wanted.trainCode)) {
      out.add("training code changed");
    }
    return out;
  }

  /**
   * Why a fold's stored output cannot be reused for {@code wanted}: empty when it can (or there is none);
   * "what computed it is not recorded" for output older than this record.
   */
  public static List<String> staleness(Optional<FoldInputs> recorded, boolean hasOutput, FoldInputs wanted) {
    if (!hasOutput) {
      return List.of();
    }
    return recorded.map(r -> r.changesTo(wanted)).orElse(List.of("what computed its checkpoints is not recorded"));
  }
}
