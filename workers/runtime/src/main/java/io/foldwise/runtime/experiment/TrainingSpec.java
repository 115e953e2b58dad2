package io.foldwise.runtime.experiment;

import java.util.ArrayList;
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
    double foreground = node.number("foreground_oversampling", 0, 1, 0);
    int validation = (int) node.integer("validation_patches", 0, 10_000, 0);
    if (validation % micro != 0) {
      throw node.error("validation_patches", "must be a multiple of micro_batch " + micro + ", got " + validation);
    }
    PlateauSpec plateau = PlateauSpec.read(node.object("reduce_lr_on_plateau"));
    EarlyStoppingSpec stopping = EarlyStoppingSpec.read(node.object("early_stopping"));
    List<String> recorded = recorded(metrics, validation > 0);
    checkMonitor(node, "reduce_lr_on_plateau.monitor", plateau.monitor(), recorded, validation);
    checkMonitor(node, "early_stopping.monitor", stopping.monitor(), recorded, validation);
    node.finish();
    return new TrainingSpec(folds, epochs, iterations, batch, micro, lr, loss, metrics, queue,
        augmentation, foreground, validation, plateau, stopping);
  }

  /** What every epoch records: loss, the metrics, and when validating val_loss and val_<metric>. */
  public static List<String> recorded(List<String> metrics, boolean validating) {
    List<String> out = new ArrayList<>();
    out.add("loss");
    out.addAll(metrics);
    if (validating) {
      List.copyOf(out).forEach(m -> out.add("val_" + m));
    }
    return out;
  }

  private static void checkMonitor(ConfigNode node, String key, String monitor, List<String> recorded,
      int validation) {
    if (!recorded.contains(monitor)) {
      throw node.error(key, "must be one of " + String.join(", ", recorded) + ", got '" + monitor + "'"
          + (monitor.startsWith("val_") && validation == 0
              ? " (val_ metrics need training.validation_patches > 0)" : ""));
    }
  }
}
