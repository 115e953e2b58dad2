package io.foldwise.unet.train;

import io.foldwise.unet.checkpoint.Checkpoint;

/**
 * Observes a training; the experiment system attaches one that logs to its tracking server. Called
 * on the training thread; an exception thrown here stops the training (as a crash would: resume
 * picks up from the last checkpoint). All methods do nothing by default.
 */
public interface TrainingListener {

  /** Training starts; {@code resumedFrom} is the epoch count restored from a checkpoint (0 = fresh). */
  default void onTrainingStart(TrainingState state, int resumedFrom) {}

  /** An optimizer step finished; {@code loss} is the batch loss (Keras scale). */
  default void onIteration(int epoch, long iteration, double loss) {}

  /** An epoch finished and its latest checkpoint is stored. */
  default void onEpochEnd(EpochResult result) {}

  /** A checkpoint was stored (latest every epoch, best on improvement, final at the end). */
  default void onCheckpoint(Checkpoint checkpoint) {}

  /** Training ended (all epochs, or early stopping). */
  default void onTrainingEnd(TrainingResult result) {}
}
