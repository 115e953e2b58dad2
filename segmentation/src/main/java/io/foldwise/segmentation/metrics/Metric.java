package io.foldwise.segmentation.metrics;

/** The per-class metrics, with the key used in flat maps (MLflow metric names, CSV columns). */
public enum Metric {
  DICE("dice"),
  IOU("iou"),
  SENSITIVITY("sensitivity"),
  SPECIFICITY("specificity"),
  PRECISION("precision"),
  ACCURACY("accuracy"),
  HD95("hd95_mm"),
  NSD("nsd");

  private final String key;

  Metric(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
