package io.foldwise.unet.config;

import java.util.Objects;

/**
 * Keras ReduceLROnPlateau: multiply the learning rate by {@code factor} when {@code monitor} has not
 * improved by more than {@code minDelta} for {@code patience} epochs, then wait {@code cooldown}
 * epochs; never go below {@code minLr}.
 */
public record PlateauConfig(
    String monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
  public PlateauConfig {
    Objects.requireNonNull(monitor, "monitor == null");
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("reduceLr.factor must be in (0, 1), got " + factor);
    }
    if (patience < 0 || cooldown < 0) {
      throw new IllegalArgumentException(
          "reduceLr.patience and cooldown must be >= 0, got " + patience + " and " + cooldown);
    }
    if (minDelta < 0 || minLr < 0) {
      throw new IllegalArgumentException(
          "reduceLr.minDelta and minLr must be >= 0, got " + minDelta + " and " + minLr);
    }
  }

  /** The seed's callback: monitor loss, factor 0.1, patience 15, min_delta 1e-4, cooldown 1, min_lr 1e-5. */
  public static PlateauConfig miscnn() {
    return new PlateauConfig("loss", 0.1, 15, 1e-4, 1, 1e-5);
  }
}
