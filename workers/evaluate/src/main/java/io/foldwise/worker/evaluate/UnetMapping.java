package io.foldwise.worker.evaluate;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.ModelSpec;
import io.foldwise.unet.config.UnetConfig;

/** The experiment's model section as the U-Net config the predictor needs (patch shape, classes). */
final class UnetMapping {
  private UnetMapping() {}

  static UnetConfig model(ExperimentConfig c) {
    ModelSpec m = c.model();
    return new UnetConfig(m.depth(), m.baseFilters(), c.data().classes().size(), m.patch(), 1,
        m.bnMomentum(), 1e-3, c.seed());
  }
}
