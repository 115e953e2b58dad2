package io.foldwise.unet.train;

/** Keras's "auto" mode: scores (dice_soft) are maximised, losses minimised. */
final class Monitors {
  private Monitors() {}

  static boolean maximize(String monitor) {
    return monitor.endsWith("dice_soft");
  }

  static double value(EpochResult result, String monitor) {
    return result.metric(monitor);
  }
}
