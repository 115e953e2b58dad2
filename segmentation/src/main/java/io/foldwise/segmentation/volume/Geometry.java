package io.foldwise.segmentation.volume;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a volume's voxels sit: shape (x, y, z; x varies fastest in memory, as in NIfTI), voxel
 * spacing in millimetres and the 4x4 voxel-to-world affine (row major).
 */
public final class Geometry {
  private final int[] shape;
  private final double[] spacing;
  private final double[] affine;

  private Geometry(int[] shape, double[] spacing, double[] affine) {
    this.shape = shape;
    this.spacing = spacing;
    this.affine = affine;
  }

  /** A geometry with the given shape and spacing and a diagonal affine built from the spacing. */
  public static Geometry of(int[] shape, double[] spacing) {
    Objects.requireNonNull(spacing, "spacing == null");
    double[] affine = new double[16];
    affine[0] = spacing[0];
    affine[5] = spacing[1];
    affine[10] = spacing[2];
    affine[15] = 1;
    return of(shape, spacing, affine);
  }

  /** A geometry; {@code affine} is the 4x4 voxel-to-world matrix in row-major order. */
  public static Geometry of(int[] shape, double[] spacing, double[] affine) {
    Objects.requireNonNull(shape, "shape == null");
    Objects.requireNonNull(spacing, "spacing == null");
    Objects.requireNonNull(affine, "affine == null");
    if (shape.length != 3) {
      throw new IllegalArgumentException("shape must have 3 axes, got " + Arrays.toString(shape));
    }
    if (spacing.length != 3) {
      throw new IllegalArgumentException("spacing must have 3 axes, got " + Arrays.toString(spacing));
    }
    if (affine.length != 16) {
      throw new IllegalArgumentException("affine must have 16 entries, got " + affine.length);
    }
    long voxels = 1;
    for (int s : shape) {
      if (s <= 0) {
        throw new IllegalArgumentException("shape must be positive, got " + Arrays.toString(shape));
      }
      voxels *= s;
    }
    if (voxels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " has " + voxels + " voxels, more than one array holds");
    }
    for (double d : spacing) {
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(
            "spacing must be positive and finite, got " + Arrays.toString(spacing));
      }
    }
    return new Geometry(shape.clone(), spacing.clone(), affine.clone());
  }

  public int[] shape() {
    return shape.clone();
  }

  public int nx() {
    return shape[0];
  }

  public int ny() {
    return shape[1];
  }

  public int nz() {
    return shape[2];
  }

  public double[] spacing() {
    return spacing.clone();
  }

  /** The 4x4 voxel-to-world affine, row major. */
  public double[] affine() {
    return affine.clone();
  }

  public int voxelCount() {
    return shape[0] * shape[1] * shape[2];
  }

  /** Linear index of voxel (x, y, z); x varies fastest. */
  public int index(int x, int y, int z) {
    return x + shape[0] * (y + shape[1] * z);
  }

  /** The same affine directions and origin with a new shape and spacing (used by resampling). */
  public Geometry withShapeAndSpacing(int[] newShape, double[] newSpacing) {
    double[] a = affine.clone();
    for (int axis = 0; axis < 3; axis++) {
      double scale = newSpacing[axis] / spacing[axis];
      for (int row = 0; row < 3; row++) {
        a[row * 4 + axis] *= scale;
      }
    }
    return of(newShape, newSpacing, a);
  }

  /** True when shape and spacing agree (spacing within {@code tolerance} mm per axis). */
  public boolean matches(Geometry other, double tolerance) {
    if (!Arrays.equals(shape, other.shape)) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      if (Math.abs(spacing[i] - other.spacing[i]) > tolerance) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Geometry g
        && Arrays.equals(shape, g.shape)
        && Arrays.equals(spacing, g.spacing)
        && Arrays.equals(affine, g.affine);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(spacing)) + Arrays.hashCode(affine);
  }

  @Override
  public String toString() {
    return "Geometry{shape=" + Arrays.toString(shape) + ", spacing=" + Arrays.toString(spacing) + "}";
  }
}
