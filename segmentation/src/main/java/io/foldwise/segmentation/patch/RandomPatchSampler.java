package io.foldwise.segmentation.patch;

import io.foldwise.segmentation.volume.Sample;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Random crops of a fixed shape (MIScnn's random-crop training and validation). The origin is
 * drawn uniformly per axis, x then y then z, with {@code rng.nextInt(size - patch + 1)}. On an
 * axis where the volume is smaller than the patch, no number is drawn: the volume is centred in
 * the patch (the extra voxel, if any, after it) and the rest is padded with 0 in the image
 * (the mean after z-score normalisation) and label 0 (background).
 *
 * <p>{@link #sampleForeground} is nnU-Net's foreground oversampling: a crop centred on a voxel of a
 * foreground class chosen at random among those the case holds, moved inside the volume where the
 * centre is near an edge (the voxel always lies in the patch).
 */
public final class RandomPatchSampler {
  private final int[] patchShape;

  public RandomPatchSampler(int[] patchShape) {
    this.patchShape = PatchShapes.check("patchShape", patchShape);
  }

  /** One crop; the same {@code rng} state gives the same patch. */
  public Patch sample(Sample sample, RandomGenerator rng) {
    Objects.requireNonNull(sample, "sample == null");
    Objects.requireNonNull(rng, "rng == null");
    int[] shape = sample.image().geometry().shape();
    int[] origin = origin(shape, rng);
    float[] image = sample.image().crop(origin, patchShape, 0f);
    byte[] label = sample.label() == null
        ? null : sample.label().crop(origin, patchShape, (byte) 0);
    return new Patch(patchShape, image, label);
  }

  /**
   * A crop centred on a voxel of a foreground class: the class uniformly among those present in
   * {@code locations} (which must be the sample's), then one of its voxels uniformly. A sample without
   * foreground gives a random crop ({@link #sample}).
   */
  public Patch sampleForeground(Sample sample, ClassLocations locations, RandomGenerator rng) {
    Objects.requireNonNull(locations, "locations == null");
    if (locations.isEmpty()) {
      return sample(sample, rng);
    }
    int[] voxels = locations.voxelsOf(rng.nextInt(locations.count()));
    int voxel = voxels[rng.nextInt(voxels.length)];
    int[] shape = sample.image().geometry().shape();
    int[] at = {voxel % shape[0], (voxel / shape[0]) % shape[1], voxel / (shape[0] * shape[1])};
    int[] origin = new int[3];
    for (int a = 0; a < 3; a++) {
      int slack = shape[a] - patchShape[a];
      origin[a] = slack >= 0 ? Math.max(0, Math.min(slack, at[a] - patchShape[a] / 2)) : slack / 2;
    }
    float[] image = sample.image().crop(origin, patchShape, 0f);
    byte[] label = sample.label().crop(origin, patchShape, (byte) 0);
    return new Patch(patchShape, image, label);
  }

  /** The crop origin in volume coordinates (negative on axes where the patch is larger). */
  public int[] origin(int[] volumeShape, RandomGenerator rng) {
    int[] origin = new int[3];
    for (int a = 0; a < 3; a++) {
      int slack = volumeShape[a] - patchShape[a];
      origin[a] = slack >= 0 ? rng.nextInt(slack + 1) : slack / 2;
    }
    return origin;
  }

  public int[] patchShape() {
    return patchShape.clone();
  }
}
