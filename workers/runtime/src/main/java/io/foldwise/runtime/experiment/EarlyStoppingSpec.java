package io.foldwise.runtime.experiment;

/** EarlyStopping as in Keras: stop when {@code monitor} has not improved for {@code patience} epochs. */
public record EarlyStoppingSpec(String monitor, int patience) {
  static EarlyStoppingSpec read(ConfigNode node) {
    EarlyStoppingSpec spec = new EarlyStoppingSpec(node.string("monitor", "loss"),
        (int) node.integer("patience", 0, 100_000));
    node.finish();
    return spec;
  }
}
