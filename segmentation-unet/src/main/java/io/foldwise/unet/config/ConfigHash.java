package io.foldwise.unet.config;

import io.foldwise.segmentation.hash.Sha256;

/**
 * The hash that ties a checkpoint to the configuration that produced it: SHA-256 (hex) of the
 * canonical text of the model and training configuration. Any change of either gives another hash,
 * except {@code epochs}: a training may be continued for more epochs under the same hash.
 */
public final class ConfigHash {
  private ConfigHash() {}

  public static String of(UnetConfig model, TrainingConfig training) {
    return Sha256.of(canonical(model, training.withEpochs(1)));
  }

  /** The canonical text that is hashed (stable: records print their components in order). */
  static String canonical(UnetConfig model, TrainingConfig training) {
    return "unet:" + model + "\ntraining:" + training + "\n";
  }

}
