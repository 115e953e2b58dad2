package io.foldwise.unet.config;

import java.util.Objects;

/** Keras EarlyStopping: stop when {@code monitor} has not improved for {@code patience} epochs. */
public record EarlyStoppingConfig(String monitor, int patience) {
  public EarlyStoppingConfig {
    Objects.requireNonNull(monitor, "monitor == null");
    if (patience < 0) {
      throw new IllegalArgumentException("earlyStopping.patience must be >= 0, got " + patience);
    }
  }

  /** The seed's callback: monitor loss, patience 100. */
  public static EarlyStoppingConfig miscnn() {
    return new EarlyStoppingConfig("loss", 100);
  }
}
