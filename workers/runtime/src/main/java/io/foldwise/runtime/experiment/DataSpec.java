package io.foldwise.runtime.experiment;

import java.util.List;

/**
 * The data set: either the two Zenodo-like archives (images, masks) or generated phantoms, and the
 * class names in label order (label 0 first). A read-only view of the {@code data.*} settings of
 * {@link ExperimentSettings}, where they are declared, read and checked.
 */
public record DataSpec(List<String> classes, ArchiveSource images, ArchiveSource masks,
    PhantomSource phantom) {
  public DataSpec {
    classes = List.copyOf(classes);
  }

  /** True when the data are synthetic phantoms rather than downloaded archives. */
  public boolean isPhantom() {
    return phantom != null;
  }

  /** The view of the {@code data.*} settings ({@link ExperimentSettings#CLASSES} and the phantom or archive ones). */
  static DataSpec of(SettingValues v) {
    List<String> classes = v.get(ExperimentSettings.CLASSES);
    if (v.has(ExperimentSettings.PHANTOM_CASES)) {
      int[] slices = v.get(ExperimentSettings.PHANTOM_SLICES);
      return new DataSpec(classes, null, null, new PhantomSource(v.get(ExperimentSettings.PHANTOM_CASES),
          v.get(ExperimentSettings.PHANTOM_SHAPE), v.get(ExperimentSettings.PHANTOM_SEED),
          slices.length == 0 ? null : slices, v.get(ExperimentSettings.PHANTOM_WINDOWED)));
    }
    return new DataSpec(classes,
        new ArchiveSource(v.get(ExperimentSettings.IMAGES_URL), v.get(ExperimentSettings.IMAGES_SHA256)),
        new ArchiveSource(v.get(ExperimentSettings.MASKS_URL), v.get(ExperimentSettings.MASKS_SHA256)), null);
  }
}
