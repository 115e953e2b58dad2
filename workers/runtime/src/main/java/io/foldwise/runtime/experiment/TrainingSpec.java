package io.foldwise.runtime.experiment;

import java.util.List;

/** Cross-validation and optimisation settings. */
public record TrainingSpec(int folds, int epochs, int iterationsPerEpoch, int batchSize,
    int microBatch, double learningRate, String loss, List<String> metrics, int batchQueueSize,
    String augmentation, PlateauSpec reduceLrOnPlateau, EarlyStoppingSpec earlyStopping) {
  static final String[] LOSSES = {"tversky_crossentropy", "tversky_loss", "dice_soft", "dice_crossentropy"};

  public TrainingSpec {
    metrics = List.copyOf(metrics);
  }

  static TrainingSpec read(ConfigNode node) {
    int folds = (int) node.integer("folds", 2, 100);
    int epochs = (int) node.integer("epochs", 1, 100_000);
    int iterations = (int) node.integer("iterations_per_epoch", 1, 1_000_000);
    int batch = (int) node.integer("batch_size", 1, 1024);
    int micro = (int) node.integer("micro_batch", 1, 1024, batch);
    if (batch % micro != 0) {
      throw node.error("micro_batch", "must divide batch_size " + batch + ", got " + micro);
    }
    double lr = node.number("learning_rate", 1e-9, 10);
    String loss = node.choice("loss", "tversky_crossentropy", LOSSES);
    List<String> metrics = node.strings("metrics");
    for (String m : metrics) {
      if (!List.of(LOSSES).contains(m)) {
        throw node.error("metrics", "has unknown metric '" + m + "'; known: " + String.join(", ", LOSSES));
      }
    }
    int queue = (int) node.integer("batch_queue_size", 1, 64, 3);
    String augmentation = node.choice("augmentation", "miscnn", "miscnn", "none");
    PlateauSpec plateau = PlateauSpec.read(node.object("reduce_lr_on_plateau"));
    EarlyStoppingSpec stopping = EarlyStoppingSpec.read(node.object("early_stopping"));
    node.finish();
    return new TrainingSpec(folds, epochs, iterations, batch, micro, lr, loss, metrics, queue,
        augmentation, plateau, stopping);
  }
}
