package io.foldwise.segmentation.dataset;

import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes tiny hand-made cases in the data set layouts (shared test helper). */
public final class TinyDataset {
  private TinyDataset() {}

  /** Writes image and mask of one case into the extracted-Zenodo layout under {@code dir}. */
  public static void writeZenodoCase(Path dir, String caseId, int[] shape, double[] spacing,
      float[] image, byte[] labels) throws IOException {
    Path images = Files.createDirectories(dir.resolve(DatasetLayout.IMAGES_DIR));
    Path masks = Files.createDirectories(dir.resolve(DatasetLayout.MASKS_DIR));
    Geometry g = Geometry.of(shape, spacing);
    Nifti.writeImage(images.resolve(caseId + ".nii.gz"), new ImageVolume(g, image));
    Nifti.writeLabels(masks.resolve(caseId + ".nii.gz"), new LabelVolume(g, labels));
  }

  /** Writes only an image (or, with {@code mask}, only a mask) of a case in the Zenodo layout. */
  public static Path writeZenodoFile(Path dir, String caseId, boolean mask, int[] shape,
      double[] spacing) throws IOException {
    Geometry g = Geometry.of(shape, spacing);
    Path folder = Files.createDirectories(
        dir.resolve(mask ? DatasetLayout.MASKS_DIR : DatasetLayout.IMAGES_DIR));
    Path file = folder.resolve(caseId + ".nii.gz");
    if (mask) {
      Nifti.writeLabels(file, new LabelVolume(g, new byte[g.voxelCount()]));
    } else {
      Nifti.writeImage(file, new ImageVolume(g, new float[g.voxelCount()]));
    }
    return file;
  }
}
