package io.foldwise.unet.config;

/**
 * How the learning rate moves within a training, on top of ReduceLROnPlateau (which scales the base rate
 * the schedule starts from). {@link #factor} is the multiplier of optimizer step {@code step} (0-based) of
 * {@code steps} in all.
 */
public enum LrSchedule implements Named {
  /** The base rate at every step (MIScnn). */
  CONSTANT("constant"),
  /** nnU-Net's polynomial decay, base · (1 − step/steps)^0.9, per optimizer step: large steps early, small late. */
  POLY("poly");

  /** nnU-Net's exponent of the polynomial decay. */
  public static final double POLY_EXPONENT = 0.9;

  private final String id;

  LrSchedule(String id) {
    this.id = id;
  }

  /** The experiment file's name, e.g. {@code poly}. */
  @Override
  public String id() {
    return id;
  }

  /** The multiplier of the base learning rate at {@code step} (0-based) of {@code steps}; in (0, 1]. */
  public double factor(long step, long steps) {
    if (steps < 1 || step < 0 || step >= steps) {
      throw new IllegalArgumentException("step must be in 0.." + (steps - 1) + ", got " + step + " of " + steps);
    }
    return switch (this) {
      case CONSTANT -> 1;
      case POLY -> Math.pow(1 - (double) step / steps, POLY_EXPONENT);
    };
  }

  public static LrSchedule of(String id) {
    return Named.byId(LrSchedule.class, id, "learning-rate schedule");
  }
}
