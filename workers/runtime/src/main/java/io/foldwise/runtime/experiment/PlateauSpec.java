package io.foldwise.runtime.experiment;

/** ReduceLROnPlateau as in Keras: monitor, factor, patience, min_delta, cooldown, min_lr. */
public record PlateauSpec(String monitor, double factor, int patience, double minDelta, int cooldown,
    double minLr) {
  static PlateauSpec read(ConfigNode node) {
    PlateauSpec spec = new PlateauSpec(
        node.string("monitor", "loss"),
        node.number("factor", 1e-6, 1 - 1e-9),
        (int) node.integer("patience", 0, 100_000),
        node.number("min_delta", 0, 1e6, 1e-4),
        (int) node.integer("cooldown", 0, 100_000, 0),
        node.number("min_lr", 0, 1, 0));
    node.finish();
    return spec;
  }
}
