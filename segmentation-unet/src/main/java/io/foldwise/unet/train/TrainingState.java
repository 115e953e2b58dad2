package io.foldwise.unet.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything besides the network (weights, batch-norm statistics, Adam state) that a checkpoint
 * must hold for a resumed training to continue bit-identically. The patch stream's RNG state is
 * its position: the seed plus the next (epoch, iteration), see {@link io.foldwise.unet.data.PatchStream}.
 *
 * @param configHash {@link io.foldwise.unet.config.ConfigHash} of the configuration
 * @param splitHash the caller's hash of the training/validation split
 * @param epochsCompleted epochs done
 * @param iterations optimizer steps done
 * @param learningRate current learning rate (after ReduceLROnPlateau)
 * @param plateau ReduceLROnPlateau state
 * @param earlyStopping EarlyStopping state
 * @param stopped early stopping fired
 * @param finished the training ended (all epochs or stopped)
 * @param bestValue best value of the checkpoint monitor so far
 * @param bestEpoch epoch of {@code bestValue} (0 = none yet)
 * @param streamSeed seed of the patch stream
 * @param nextEpoch next batch position of the patch stream: epoch (0-based)
 * @param nextIteration next batch position of the patch stream: iteration in that epoch
 * @param backend the native build and threads in use (results are bit-identical only on the same)
 * @param history per-epoch results
 * @param validationCases the case ids of the validation samples the fixed validation set is drawn
 *     from (empty when not validating); with {@code streamSeed} they determine the set, and a resume
 *     with other validation cases is refused
 */
public record TrainingState(
    String configHash,
    String splitHash,
    int epochsCompleted,
    long iterations,
    double learningRate,
    ReduceLrOnPlateau.State plateau,
    EarlyStopping.State earlyStopping,
    boolean stopped,
    boolean finished,
    double bestValue,
    int bestEpoch,
    long streamSeed,
    int nextEpoch,
    int nextIteration,
    String backend,
    List<EpochResult> history,
    List<String> validationCases) {

  public TrainingState {
    history = List.copyOf(history);
    validationCases = validationCases == null ? List.of() : List.copyOf(validationCases);
  }

  static TrainingState initial(String configHash, String splitHash, double learningRate,
      long streamSeed, String backend, List<String> validationCases) {
    return new TrainingState(configHash, splitHash, 0, 0, learningRate,
        ReduceLrOnPlateau.State.initial(), EarlyStopping.State.initial(), false, false,
        Double.NaN, 0, streamSeed, 0, 0, backend, List.of(), validationCases);
  }

  TrainingState afterEpoch(EpochResult result, double newLr, ReduceLrOnPlateau.State newPlateau,
      EarlyStopping.State newStopping, boolean stop, double best, int bestAt) {
    List<EpochResult> h = new ArrayList<>(history);
    h.add(result);
    return new TrainingState(configHash, splitHash, epochsCompleted + 1, result.iterations(), newLr,
        newPlateau, newStopping, stop, false, best, bestAt, streamSeed, epochsCompleted + 1, 0,
        backend, h, validationCases);
  }

  TrainingState finish() {
    return new TrainingState(configHash, splitHash, epochsCompleted, iterations, learningRate,
        plateau, earlyStopping, stopped, true, bestValue, bestEpoch, streamSeed, nextEpoch,
        nextIteration, backend, history, validationCases);
  }
}
