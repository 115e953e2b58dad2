package io.foldwise.segmentation.volume;

import java.util.Objects;

/** One case: a CT image and its label map on the same grid, named by case id. */
public record Sample(String caseId, ImageVolume image, LabelVolume label) {
  public Sample {
    Objects.requireNonNull(caseId, "caseId == null");
    Objects.requireNonNull(image, "image == null");
    if (label != null && !image.geometry().matches(label.geometry(), 1e-3)) {
      throw new IllegalArgumentException(
          caseId + ": image " + image.geometry() + " and mask " + label.geometry()
              + " differ in shape or spacing; the mask must be on the image's grid");
    }
  }
}
