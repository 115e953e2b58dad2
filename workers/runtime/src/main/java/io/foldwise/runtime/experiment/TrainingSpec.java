package io.foldwise.runtime.experiment;

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
    return new TrainingSpec(v.get(Settings.FOLDS), v.get(Settings.EPOCHS), v.get(Settings.ITERATIONS_PER_EPOCH),
        v.get(Settings.BATCH_SIZE), v.get(Settings.MICRO_BATCH), v.get(Settings.LEARNING_RATE), v.get(Settings.LOSS),
        v.get(Settings.METRICS), v.get(Settings.BATCH_QUEUE_SIZE), v.get(Settings.AUGMENTATION),
        v.get(Settings.FOREGROUND_OVERSAMPLING), v.get(Settings.VALIDATION_PATCHES), PlateauSpec.of(v),
        EarlyStoppingSpec.of(v));
  }

  /** What every epoch records: loss, the metrics, and when validating val_loss and val_<metric>. */
  public static List<String> recorded(List<String> metrics, boolean validating) {
    return Settings.recorded(metrics, validating);
  }
}
