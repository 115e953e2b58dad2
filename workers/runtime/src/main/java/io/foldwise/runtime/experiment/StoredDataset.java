package io.foldwise.runtime.experiment;

import io.foldwise.runtime.artifact.ArtifactStore;
import java.nio.file.Path;

/**
 * The raw data set as the download stage stores it ({@code <prefix>/images/<case>.nii.gz},
 * {@code <prefix>/masks/<case>.nii.gz}), copied back to a local folder in the Zenodo layout
 * ({@code COVID-19-CT-Seg_20cases/}, {@code Lung_and_Infection_Mask/}) that the data set reader pairs.
 */
public final class StoredDataset {
  public static final String IMAGES_DIR = "COVID-19-CT-Seg_20cases";
  public static final String MASKS_DIR = "Lung_and_Infection_Mask";

  private StoredDataset() {}

  /** Copies the data set under {@code prefix} into {@code dir}; returns {@code dir}. */
  public static Path materialize(ArtifactStore store, String prefix, Path dir) {
    store.getDirectory(prefix + "/images", dir.resolve(IMAGES_DIR));
    store.getDirectory(prefix + "/masks", dir.resolve(MASKS_DIR));
    return dir;
  }

  public static String imageKey(String prefix, String caseId) {
    return prefix + "/images/" + caseId + ".nii.gz";
  }

  public static String maskKey(String prefix, String caseId) {
    return prefix + "/masks/" + caseId + ".nii.gz";
  }
}
