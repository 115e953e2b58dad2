package io.foldwise.unet.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to train: {@code epochs} x {@code iterationsPerEpoch} Adam steps on batches of
 * {@code batchSize} random patches. Each batch is computed as {@code batchSize / microBatch}
 * micro-batches whose summed gradients make one step (gradient accumulation, for batches that do
 * not fit in memory; batch-norm statistics are then those of each micro-batch, not of the whole
 * batch, the only difference to a true batch).
 *
 * @param epochs number of epochs
 * @param iterationsPerEpoch optimizer steps per epoch (MIScnn: 150)
 * @param batchSize patches per step (MIScnn: 2)
 * @param microBatch patches per forward/backward pass; divides batchSize
 * @param learningRate Adam's initial learning rate (MIScnn: 1e-4)
 * @param lrSchedule how the rate moves from step to step within the training ({@link LrSchedule#CONSTANT}: MIScnn)
 * @param loss the loss minimised
 * @param metrics further per-epoch metrics (the loss is always recorded as {@code loss})
 * @param reduceLr ReduceLROnPlateau, or null for none
 * @param earlyStopping EarlyStopping, or null for none
 * @param batchQueueSize batches prepared ahead in background threads (MIScnn: 3)
 * @param augment whether to augment patches (MIScnn's augmentation) or use them as cropped
 * @param foregroundShare share (0..1) of training patches centred on a voxel of a foreground class
 *     (nnU-Net's oversampling; 0: MIScnn's random crops only)
 * @param validationBatches micro-batches of the fixed, seeded validation set evaluated after each
 *     epoch ({@code validationBatches x microBatch} patches of the validation samples, the same every
 *     epoch; when validation samples are given); metrics are recorded with a {@code val_} prefix
 * @param seed seed of the patch stream (which sample, where, which augmentation)
 */
public record TrainingConfig(
    int epochs,
    int iterationsPerEpoch,
    int batchSize,
    int microBatch,
    double learningRate,
    LrSchedule lrSchedule,
    LossKind loss,
    List<LossKind> metrics,
    PlateauConfig reduceLr,
    EarlyStoppingConfig earlyStopping,
    int batchQueueSize,
    boolean augment,
    double foregroundShare,
    int validationBatches,
    long seed) {

  public TrainingConfig {
    positive("epochs", epochs);
    positive("iterationsPerEpoch", iterationsPerEpoch);
    positive("batchSize", batchSize);
    positive("microBatch", microBatch);
    positive("batchQueueSize", batchQueueSize);
    if (batchSize % microBatch != 0) {
      throw new IllegalArgumentException(
          "microBatch " + microBatch + " must divide batchSize " + batchSize);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    Objects.requireNonNull(lrSchedule, "lrSchedule == null");
    Objects.requireNonNull(loss, "loss == null");
    if (!loss.isLoss()) {
      throw new IllegalArgumentException(
          "loss " + loss.id() + " is a score, not a loss; use dice_crossentropy or tversky_loss");
    }
    metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics == null"));
    if (!(foregroundShare >= 0 && foregroundShare <= 1)) {
      throw new IllegalArgumentException("foregroundShare must be in 0..1, got " + foregroundShare);
    }
    if (validationBatches < 0) {
      throw new IllegalArgumentException("validationBatches must be >= 0, got " + validationBatches);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /**
   * The seed's settings: 15 epochs (the paper's text; its script line says 10) of 150 iterations,
   * a true batch of 2 as upstream (11.0-11.4 GB at 160x160x80 since the oneDNN layers; {@code withBatch(2, 1)}
   * accumulates 2 micro-batches of 1 in about 2 GB less), Adam 1e-4,
   * tversky_crossentropy, ReduceLROnPlateau and EarlyStopping as upstream, queue 3, augmentation,
   * and validation every epoch (MIScnn validates on the fold's validation cases) on 4 fixed patches.
   */
  public static TrainingConfig miscnn() {
    return new TrainingConfig(15, 150, 2, 2, 1e-4, LrSchedule.CONSTANT, LossKind.TVERSKY_CROSSENTROPY,
        List.of(LossKind.TVERSKY_LOSS, LossKind.DICE_SOFT, LossKind.DICE_CROSSENTROPY),
        PlateauConfig.miscnn(), EarlyStoppingConfig.miscnn(), 3, true, 0, 2, 42L); // 4 validation patches = 2 batches of 2
  }

  /** A tiny run for tests and CI: 2 epochs of 3 iterations, batch 2, learning rate 1e-3. */
  public static TrainingConfig smoke() {
    return new TrainingConfig(2, 3, 2, 2, 1e-3, LrSchedule.CONSTANT, LossKind.TVERSKY_CROSSENTROPY,
        List.of(LossKind.TVERSKY_LOSS, LossKind.DICE_SOFT, LossKind.DICE_CROSSENTROPY),
        PlateauConfig.miscnn(), EarlyStoppingConfig.miscnn(), 3, true, 0, 0, 7L);
  }

  public TrainingConfig withEpochs(int newEpochs) {
    return with(c -> c.epochs = newEpochs);
  }

  public TrainingConfig withIterations(int perEpoch) {
    return with(c -> c.iterationsPerEpoch = perEpoch);
  }

  public TrainingConfig withBatch(int newBatchSize, int newMicroBatch) {
    return with(c -> {
      c.batchSize = newBatchSize;
      c.microBatch = newMicroBatch;
    });
  }

  public TrainingConfig withLearningRate(double lr) {
    return with(c -> c.learningRate = lr);
  }

  public TrainingConfig withLrSchedule(LrSchedule schedule) {
    return with(c -> c.lrSchedule = schedule);
  }

  /** Optimizer steps of the whole training: epochs x iterations per epoch. */
  public long steps() {
    return (long) epochs * iterationsPerEpoch;
  }

  public TrainingConfig withAugment(boolean on) {
    return with(c -> c.augment = on);
  }

  public TrainingConfig withCallbacks(PlateauConfig plateau, EarlyStoppingConfig stopping) {
    return with(c -> {
      c.reduceLr = plateau;
      c.earlyStopping = stopping;
    });
  }

  public TrainingConfig withValidationBatches(int batches) {
    return with(c -> c.validationBatches = batches);
  }

  public TrainingConfig withForegroundShare(double share) {
    return with(c -> c.foregroundShare = share);
  }

  public TrainingConfig withSeed(long newSeed) {
    return with(c -> c.seed = newSeed);
  }

  /**
   * A copy with the components {@code change} sets, checked as any new config is. This and {@link Components} are
   * the one place besides the record header that lists every component: a new setting is added there, not to
   * each {@code with...} method.
   */
  private TrainingConfig with(Consumer<Components> change) {
    Components c = new Components(this);
    change.accept(c);
    return c.build();
  }

  /** The components of a config, to change some of them ({@link #with}). */
  private static final class Components {
    int epochs;
    int iterationsPerEpoch;
    int batchSize;
    int microBatch;
    double learningRate;
    LrSchedule lrSchedule;
    LossKind loss;
    List<LossKind> metrics;
    PlateauConfig reduceLr;
    EarlyStoppingConfig earlyStopping;
    int batchQueueSize;
    boolean augment;
    double foregroundShare;
    int validationBatches;
    long seed;

    Components(TrainingConfig t) {
      epochs = t.epochs;
      iterationsPerEpoch = t.iterationsPerEpoch;
      batchSize = t.batchSize;
      microBatch = t.microBatch;
      learningRate = t.learningRate;
      lrSchedule = t.lrSchedule;
      loss = t.loss;
      metrics = t.metrics;
      reduceLr = t.reduceLr;
      earlyStopping = t.earlyStopping;
      batchQueueSize = t.batchQueueSize;
      augment = t.augment;
      foregroundShare = t.foregroundShare;
      validationBatches = t.validationBatches;
      seed = t.seed;
    }

    TrainingConfig build() {
      return new TrainingConfig(epochs, iterationsPerEpoch, batchSize, microBatch, learningRate, lrSchedule, loss,
          metrics, reduceLr, earlyStopping, batchQueueSize, augment, foregroundShare, validationBatches, seed);
    }
  }
}
