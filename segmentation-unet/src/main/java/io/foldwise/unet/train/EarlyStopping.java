package io.foldwise.unet.train;

import io.foldwise.unet.config.EarlyStoppingConfig;

/** Keras's EarlyStopping (min_delta 0) as a pure function of (config, state, epoch metrics). */
public final class EarlyStopping {

  /** best monitor value and epochs without improvement. */
  public record State(double best, int waited) {
    static State initial() {
      return new State(Double.NaN, 0);
    }
  }

  /** The new state and whether to stop. */
  public record Step(State state, boolean stop) {}

  private EarlyStopping() {}

  public static Step update(EarlyStoppingConfig config, State s, double current) {
    boolean maximize = Monitors.maximize(config.monitor());
    boolean improved = Double.isNaN(s.best()) || (maximize ? current > s.best() : current < s.best());
    if (improved) {
      return new Step(new State(current, 0), false);
    }
    int wait = s.waited() + 1;
    return new Step(new State(s.best(), wait), wait >= config.patience());
  }
}
