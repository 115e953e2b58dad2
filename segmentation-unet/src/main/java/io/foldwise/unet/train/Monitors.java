package io.foldwise.unet.train;

import io.foldwise.unet.config.LossKind;
import io.foldwise.unet.config.TrainingConfig;
import java.util.ArrayList;
import java.util.List;

/** Keras's "auto" mode: scores (dice_soft) are maximised, losses minimised. */
final class Monitors {
  private Monitors() {}

  static boolean maximize(String monitor) {
    return monitor.endsWith("dice_soft");
  }

  static double value(EpochResult result, String monitor) {
    return result.metric(monitor);
  }

  /**
   * The metrics every epoch records: {@code loss} and the configured metrics, and when validating
   * {@code val_loss} and {@code val_<metric>}.
   */
  static List<String> recorded(TrainingConfig training, boolean validating) {
    List<String> out = new ArrayList<>();
    out.add("loss");
    training.metrics().stream().map(LossKind::id).forEach(out::add);
    if (validating) {
      new ArrayList<>(out).forEach(m -> out.add("val_" + m));
    }
    return out;
  }

  /** Fails before the first epoch when a callback monitors a metric no epoch records. */
  static void check(TrainingConfig training, boolean validating) {
    List<String> recorded = recorded(training, validating);
    List<String[]> monitors = new ArrayList<>();
    if (training.reduceLr() != null) {
      monitors.add(new String[] {"reduceLr.monitor", training.reduceLr().monitor()});
    }
    if (training.earlyStopping() != null) {
      monitors.add(new String[] {"earlyStopping.monitor", training.earlyStopping().monitor()});
    }
    for (String[] m : monitors) {
      if (!recorded.contains(m[1])) {
        throw new IllegalArgumentException(m[0] + " '" + m[1] + "' is not a recorded metric; recorded: "
            + String.join(", ", recorded) + (m[1].startsWith("val_") && !validating
                ? " (val_ metrics need validation samples and validationBatches > 0)" : ""));
      }
    }
  }
}
