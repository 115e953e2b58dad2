package io.foldwise.unet.train;

import io.foldwise.unet.config.PlateauConfig;

/** Keras's ReduceLROnPlateau as a pure function of (config, state, epoch metrics). */
public final class ReduceLrOnPlateau {

  /** best monitor value, epochs without improvement, remaining cooldown epochs. */
  public record State(double best, int waited, int cooldownCounter) {
    static State initial() {
      return new State(Double.NaN, 0, 0);
    }
  }

  /** The new learning rate and state. */
  public record Step(double learningRate, State state) {}

  private ReduceLrOnPlateau() {}

  public static Step update(PlateauConfig config, State s, double current, double lr) {
    boolean maximize = Monitors.maximize(config.monitor());
    double best = s.best();
    int wait = s.waited();
    int cooldown = s.cooldownCounter();
    if (cooldown > 0) {
      cooldown--;
      wait = 0;
    }
    boolean improved = Double.isNaN(best)
        || (maximize ? current > best + config.minDelta() : current < best - config.minDelta());
    double newLr = lr;
    if (improved) {
      best = current;
      wait = 0;
    } else if (cooldown <= 0) {
      wait++;
      if (wait >= config.patience()) {
        if (lr > config.minLr()) {
          newLr = Math.max(lr * config.factor(), config.minLr());
          cooldown = config.cooldown();
          wait = 0;
        }
      }
    }
    return new Step(newLr, new State(best, wait, cooldown));
  }
}
