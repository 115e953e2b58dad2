package io.foldwise.runtime.experiment;

import static io.foldwise.runtime.experiment.ExperimentSettings.PLATEAU_COOLDOWN;
import static io.foldwise.runtime.experiment.ExperimentSettings.PLATEAU_FACTOR;
import static io.foldwise.runtime.experiment.ExperimentSettings.PLATEAU_MIN_DELTA;
import static io.foldwise.runtime.experiment.ExperimentSettings.PLATEAU_MIN_LR;
import static io.foldwise.runtime.experiment.ExperimentSettings.PLATEAU_MONITOR;
import static io.foldwise.runtime.experiment.ExperimentSettings.PLATEAU_PATIENCE;

/** ReduceLROnPlateau as in Keras: monitor, factor, patience, min_delta, cooldown, min_lr. */
public record PlateauSpec(String monitor, double factor, int patience, double minDelta, int cooldown,
    double minLr) {
  /** The typed view of the declared reduce_lr_on_plateau settings. */
  static PlateauSpec of(SettingValues v) {
    return new PlateauSpec(v.get(PLATEAU_MONITOR), v.get(PLATEAU_FACTOR),
        v.get(PLATEAU_PATIENCE), v.get(PLATEAU_MIN_DELTA), v.get(PLATEAU_COOLDOWN),
        v.get(PLATEAU_MIN_LR));
  }
}
