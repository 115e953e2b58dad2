package io.foldwise.runtime.experiment;

/** EarlyStopping as in Keras: stop when {@code monitor} has not improved for {@code patience} epochs. */
public record EarlyStoppingSpec(String monitor, int patience) {
  /** The typed view of the declared early_stopping settings. */
  static EarlyStoppingSpec of(SettingValues v) {
    return new EarlyStoppingSpec(v.get(Settings.STOPPING_MONITOR), v.get(Settings.STOPPING_PATIENCE));
  }
}
