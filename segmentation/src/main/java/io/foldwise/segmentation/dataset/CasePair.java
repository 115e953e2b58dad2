package io.foldwise.segmentation.dataset;

import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/** One case of a data set folder: its id, its CT image file and its mask file. */
public record CasePair(String caseId, Path image, Path mask) {
  /** Spacing tolerance (mm) when checking that image and mask share a grid. */
  public static final double SPACING_TOLERANCE_MM = 1e-3;

  public CasePair {
    Objects.requireNonNull(caseId, "caseId == null");
    Objects.requireNonNull(image, "image == null");
    Objects.requireNonNull(mask, "mask == null");
  }

  /** Reads image and mask; a mask on another grid than its image is an error naming the case. */
  public Sample load() throws IOException {
    ImageVolume img = loadImage();
    LabelVolume lab = loadMask();
    checkSameGrid(img.geometry(), lab.geometry());
    return new Sample(caseId, img, lab);
  }

  /** Reads only the image; a read error is wrapped with the case id. */
  public ImageVolume loadImage() throws IOException {
    try {
      return Nifti.readImage(image);
    } catch (IOException e) {
      throw wrap(e, image);
    }
  }

  /** Reads only the mask; a read error is wrapped with the case id. */
  public LabelVolume loadMask() throws IOException {
    try {
      return Nifti.readLabels(mask);
    } catch (IOException e) {
      throw wrap(e, mask);
    }
  }

  private DatasetException wrap(IOException e, Path file) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (!message.contains(file.toString())) {
      message = file + ": " + message;
    }
    return new DatasetException(caseId + ": " + message, e);
  }

  /** Throws when the image and the mask differ in shape or spacing. */
  public void checkSameGrid(Geometry img, Geometry lab) throws DatasetException {
    if (!Arrays.equals(img.shape(), lab.shape())) {
      throw new DatasetException(caseId + ": image shape " + Arrays.toString(img.shape())
          + " and mask shape " + Arrays.toString(lab.shape()) + " differ (" + image + ", " + mask
          + "); the mask must be on the image's grid: replace one of the two files");
    }
    if (!img.matches(lab, SPACING_TOLERANCE_MM)) {
      throw new DatasetException(caseId + ": image spacing " + Arrays.toString(img.spacing())
          + " mm and mask spacing " + Arrays.toString(lab.spacing()) + " mm differ (" + image
          + ", " + mask + "); the mask must be on the image's grid: replace one of the two files");
    }
  }
}
