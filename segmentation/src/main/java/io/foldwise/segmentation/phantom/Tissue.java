package io.foldwise.segmentation.phantom;

/** The phantom's tissues, their mean Hounsfield units and their label. */
public enum Tissue {
  AIR(-1000, 0),
  FAT(-100, 0),
  SOFT_TISSUE(40, 0),
  BONE_MARROW(400, 0),
  BONE_CORTEX(900, 0),
  LUNG_LEFT(-800, 1),
  LUNG_RIGHT(-800, 2),
  /** Infection blobs: each blob has its own mean drawn from [-300, 0] HU. */
  INFECTION(-150, 3);

  public static final double INFECTION_MIN_HU = -300;
  public static final double INFECTION_MAX_HU = 0;

  private final double hu;
  private final int label;

  Tissue(double hu, int label) {
    this.hu = hu;
    this.label = label;
  }

  public double hu() {
    return hu;
  }

  public int label() {
    return label;
  }
}
