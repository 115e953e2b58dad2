package io.foldwise.segmentation.patch;

import java.util.Arrays;
import java.util.Objects;

/**
 * A training or prediction window: image voxels and (optionally) labels, x fastest, of the given
 * shape. The arrays are shared, not copied: producers hand over fresh arrays and nobody modifies
 * them afterwards. {@code label} may be null (prediction).
 */
public record Patch(int[] shape, float[] image, byte[] label) {
  public Patch {
    Objects.requireNonNull(shape, "shape == null");
    Objects.requireNonNull(image, "image == null");
    shape = PatchShapes.check("patch shape", shape);
    int voxels = shape[0] * shape[1] * shape[2];
    if (image.length != voxels) {
      throw new IllegalArgumentException("image has " + image.length + " voxels but patch shape "
          + Arrays.toString(shape) + " needs " + voxels);
    }
    if (label != null && label.length != voxels) {
      throw new IllegalArgumentException("label has " + label.length + " voxels but patch shape "
          + Arrays.toString(shape) + " needs " + voxels);
    }
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int voxelCount() {
    return shape[0] * shape[1] * shape[2];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Patch p && Arrays.equals(shape, p.shape) && Arrays.equals(image, p.image)
        && Arrays.equals(label, p.label);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(image)) + Arrays.hashCode(label);
  }

  @Override
  public String toString() {
    return "Patch{shape=" + Arrays.toString(shape) + ", labels=" + (label != null) + "}";
  }
}
