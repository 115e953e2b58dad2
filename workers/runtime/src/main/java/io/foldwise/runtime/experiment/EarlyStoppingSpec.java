package io.foldwise.runtime.experiment;

import static io.foldwise.runtime.experiment.ExperimentSettings.STOPPING_MONITOR;
import static io.foldwise.runtime.experiment.ExperimentSettings.STOPPING_PATIENCE;

/** EarlyStopping as in Keras: stop when {@code monitor} has not improved for {@code patience} epochs. */
public record EarlyStoppingSpec(String monitor, int patience) {
  /** The typed view of the declared early_stopping settings. */
  static EarlyStoppingSpec of(SettingValues v) {
    return new EarlyStoppingSpec(v.get(STOPPING_MONITOR), v.get(STOPPING_PATIENCE));
  }
}
