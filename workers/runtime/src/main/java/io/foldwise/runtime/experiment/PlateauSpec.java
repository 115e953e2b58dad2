package io.foldwise.runtime.experiment;

/** ReduceLROnPlateau as in Keras: monitor, factor, patience, min_delta, cooldown, min_lr. */
public record PlateauSpec(String monitor, double factor, int patience, double minDelta, int cooldown,
    double minLr) {
  /** The typed view of the declared reduce_lr_on_plateau settings. */
  static PlateauSpec of(SettingValues v) {
    return new PlateauSpec(v.get(Settings.PLATEAU_MONITOR), v.get(Settings.PLATEAU_FACTOR),
        v.get(Settings.PLATEAU_PATIENCE), v.get(Settings.PLATEAU_MIN_DELTA), v.get(Settings.PLATEAU_COOLDOWN),
        v.get(Settings.PLATEAU_MIN_LR));
  }
}
