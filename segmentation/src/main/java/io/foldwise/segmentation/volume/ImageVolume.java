package io.foldwise.segmentation.volume;

import java.util.Objects;

/**
 * An intensity volume: float voxels in x-fastest order with their geometry. The voxel array is
 * shared, not copied: transforms return new volumes and never write into their input.
 */
public final class ImageVolume {
  private final Geometry geometry;
  private final float[] data;

  public ImageVolume(Geometry geometry, float[] data) {
    this.geometry = Objects.requireNonNull(geometry, "geometry == null");
    this.data = Objects.requireNonNull(data, "data == null");
    if (data.length != geometry.voxelCount()) {
      throw new IllegalArgumentException(
          "data has " + data.length + " voxels but " + geometry + " needs " + geometry.voxelCount());
    }
  }

  public Geometry geometry() {
    return geometry;
  }

  /** The voxels, x fastest. Do not modify: the array is shared. */
  public float[] data() {
    return data;
  }

  public float get(int x, int y, int z) {
    return data[geometry.index(x, y, z)];
  }

  /** A volume with the same geometry and new voxels. */
  public ImageVolume withData(float[] newData) {
    return new ImageVolume(geometry, newData);
  }
}
