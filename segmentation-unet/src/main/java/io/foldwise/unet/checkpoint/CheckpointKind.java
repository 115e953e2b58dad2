package io.foldwise.unet.checkpoint;

import java.util.List;
import java.util.Locale;

/** Which checkpoint: the last completed epoch, the best epoch so far, or the finished training. */
public enum CheckpointKind {
  LATEST,
  BEST,
  FINAL;

  /** The order in which a training looks for a checkpoint to resume from: final, latest, best. */
  public static final List<CheckpointKind> RESUME_ORDER = List.of(FINAL, LATEST, BEST);

  /** Lower-case name used in file and object names: {@code latest}, {@code best}, {@code final}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
