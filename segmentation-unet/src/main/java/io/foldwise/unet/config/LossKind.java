package io.foldwise.unet.config;

/** MIScnn's losses and metrics, by their MIScnn names. */
public enum LossKind implements Named {
  /** Σ_c (1 − Tversky_c), α = β = 0.5, smooth 1e-6; a loss (lower is better). */
  TVERSKY_LOSS("tversky_loss"),
  /** tversky_loss + mean categorical cross-entropy: the seed's loss. */
  TVERSKY_CROSSENTROPY("tversky_crossentropy"),
  /** Mean soft Dice over classes and samples, smooth 1e-5; a score (higher is better). */
  DICE_SOFT("dice_soft"),
  /** (1 − dice_soft) + mean categorical cross-entropy. */
  DICE_CROSSENTROPY("dice_crossentropy");

  private final String id;

  LossKind(String id) {
    this.id = id;
  }

  /** The MIScnn name, e.g. {@code tversky_crossentropy}. */
  @Override
  public String id() {
    return id;
  }

  /** Whether this can be minimised as a loss (dice_soft is a score: use dice_crossentropy). */
  public boolean isLoss() {
    return this != DICE_SOFT;
  }

  public static LossKind of(String id) {
    return Named.byId(LossKind.class, id, "loss or metric");
  }
}
