package io.foldwise.segmentation.phantom;

import java.util.List;

/**
 * What the generator intended for one case (written to {@code phantoms.json}): grid, spacing (mm),
 * whether the image is windowed to 0..255, the NIfTI datatype of the image file (int16 HU, or
 * uint8 when windowed), the range every voxel lies in ({@code intendedMin..
 * intendedMax}: tissue means ± 3 noise standard deviations, or 0..255 when windowed), the actual
 * image minimum and maximum, the voxels of each class and their frequencies, the infection blob
 * means (HU) and the SHA-256 of the written files.
 */
public record PhantomCase(
    String caseId,
    int[] shape,
    double[] spacing,
    boolean windowed,
    String datatype,
    double intendedMin,
    double intendedMax,
    double min,
    double max,
    long[] classVoxels,
    double[] classFrequency,
    List<Double> infectionBlobHu,
    String imageSha256,
    String maskSha256) {

  public PhantomCase withHashes(String image, String mask) {
    return new PhantomCase(caseId, shape, spacing, windowed, datatype, intendedMin, intendedMax,
        min, max, classVoxels, classFrequency, infectionBlobHu, image, mask);
  }
}
