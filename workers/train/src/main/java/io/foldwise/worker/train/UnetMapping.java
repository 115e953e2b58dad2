package io.foldwise.worker.train;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.ModelSpec;
import io.foldwise.runtime.experiment.TrainingSpec;
import io.foldwise.unet.config.EarlyStoppingConfig;
import io.foldwise.unet.config.LossKind;
import io.foldwise.unet.config.PlateauConfig;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;

/**
 * The experiment file's model and training sections as the U-Net library's configs. The model is
 * initialised from the experiment seed; each fold's patch stream from seed + fold. Validation runs on
 * {@code validation_patches} patches, {@code micro_batch} at a time; {@code foreground_oversampling} is
 * the library's foreground share.
 */
final class UnetMapping {
  static final double BN_EPSILON = 1e-3;

  private UnetMapping() {}

  static UnetConfig model(ExperimentConfig c) {
    ModelSpec m = c.model();
    return new UnetConfig(m.depth(), m.baseFilters(), c.data().classes().size(), m.patch(), 1,
        m.bnMomentum(), BN_EPSILON, c.seed());
  }

  static TrainingConfig training(ExperimentConfig c, int fold) {
    TrainingSpec t = c.training();
    return new TrainingConfig(t.epochs(), t.iterationsPerEpoch(), t.batchSize(), t.microBatch(),
        t.learningRate(), LossKind.of(t.loss()), t.metrics().stream().map(LossKind::of).toList(),
        new PlateauConfig(t.reduceLrOnPlateau().monitor(), t.reduceLrOnPlateau().factor(),
            t.reduceLrOnPlateau().patience(), t.reduceLrOnPlateau().minDelta(),
            t.reduceLrOnPlateau().cooldown(), t.reduceLrOnPlateau().minLr()),
        new EarlyStoppingConfig(t.earlyStopping().monitor(), t.earlyStopping().patience()),
        t.batchQueueSize(), "miscnn".equals(t.augmentation()), t.foregroundOversampling(),
        t.validationPatches() / t.microBatch(), c.seed() + fold);
  }
}
