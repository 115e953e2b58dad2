package io.foldwise.unet.train;

import io.foldwise.unet.checkpoint.CheckpointKind;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The outcome of {@link Trainer#train}: the final network (use it for prediction), the state that
 * was checkpointed as final, and where training resumed from (empty for a fresh start).
 */
public record TrainingResult(ComputationGraph model, TrainingState state,
    Optional<CheckpointKind> resumedFrom) {

  public List<EpochResult> history() {
    return state.history();
  }

  public boolean stoppedEarly() {
    return state.stopped();
  }
}
