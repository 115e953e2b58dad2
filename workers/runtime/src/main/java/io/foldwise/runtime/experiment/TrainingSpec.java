package io.foldwise.runtime.experiment;

import static io.foldwise.runtime.experiment.ExperimentSettings.AUGMENTATION;
import static io.foldwise.runtime.experiment.ExperimentSettings.BATCH_QUEUE_SIZE;
import static io.foldwise.runtime.experiment.ExperimentSettings.BATCH_SIZE;
import static io.foldwise.runtime.experiment.ExperimentSettings.EPOCHS;
import static io.foldwise.runtime.experiment.ExperimentSettings.FOLDS;
import static io.foldwise.runtime.experiment.ExperimentSettings.FOREGROUND_OVERSAMPLING;
import static io.foldwise.runtime.experiment.ExperimentSettings.ITERATIONS_PER_EPOCH;
import static io.foldwise.runtime.experiment.ExperimentSettings.LEARNING_RATE;
import static io.foldwise.runtime.experiment.ExperimentSettings.LOSS;
import static io.foldwise.runtime.experiment.ExperimentSettings.METRICS;
import static io.foldwise.runtime.experiment.ExperimentSettings.MICRO_BATCH;
import static io.foldwise.runtime.experiment.ExperimentSettings.VALIDATION_PATCHES;

import java.util.List;

/**
 * Cross-validation and optimisation settings. {@code validationPatches} > 0 validates every epoch on
 * that many fixed, seeded patches of the fold's validation cases ({@code val_loss}, {@code val_<metric>});
 * the callbacks' monitors must name a metric an epoch records ({@link #recorded}).
 * {@code foregroundOversampling} is the share (0..1) of training patches centred on a voxel of a randomly
 * chosen foreground class (nnU-Net's oversampling); 0, the default, is MIScnn's random cropping.
 */
public record TrainingSpec(int folds, int epochs, int iterationsPerEpoch, int batchSize,
    int microBatch, double learningRate, String loss, List<String> metrics, int batchQueueSize,
    String augmentation, double foregroundOversampling, int validationPatches, PlateauSpec reduceLrOnPlateau,
    EarlyStoppingSpec earlyStopping) {
  public TrainingSpec {
    metrics = List.copyOf(metrics);
  }

  /** The typed view of the declared training settings. */
  static TrainingSpec of(SettingValues v) {
    return new TrainingSpec(v.get(FOLDS), v.get(EPOCHS), v.get(ITERATIONS_PER_EPOCH),
        v.get(BATCH_SIZE), v.get(MICRO_BATCH), v.get(LEARNING_RATE), v.get(LOSS),
        v.get(METRICS), v.get(BATCH_QUEUE_SIZE), v.get(AUGMENTATION),
        v.get(FOREGROUND_OVERSAMPLING), v.get(VALIDATION_PATCHES), PlateauSpec.of(v),
        EarlyStoppingSpec.of(v));
  }

  /** What every epoch records: loss, the metrics, and when validating val_loss and val_<metric>. */
  public static List<String> recorded(List<String> metrics, boolean validating) {
    return ExperimentSettings.recorded(metrics, validating);
  }
}
