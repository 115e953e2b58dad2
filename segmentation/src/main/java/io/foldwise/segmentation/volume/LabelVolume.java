package io.foldwise.segmentation.volume;

import java.util.Objects;

/**
 * A label map: one class index (0..127) per voxel in x-fastest order with its geometry. The voxel
 * array is shared, not copied.
 */
public final class LabelVolume {
  private final Geometry geometry;
  private final byte[] data;

  public LabelVolume(Geometry geometry, byte[] data) {
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

  /** The labels, x fastest. Do not modify: the array is shared. */
  public byte[] data() {
    return data;
  }

  public int get(int x, int y, int z) {
    return data[geometry.index(x, y, z)];
  }

  /** Number of voxels of each class 0..classes-1; a label outside that range is an error. */
  public long[] classCounts(int classes) {
    long[] counts = new long[classes];
    for (int i = 0; i < data.length; i++) {
      int label = data[i];
      if (label < 0 || label >= classes) {
        int z = i / (geometry.nx() * geometry.ny());
        int y = (i / geometry.nx()) % geometry.ny();
        int x = i % geometry.nx();
        throw new IllegalArgumentException(
            "label " + label + " at voxel (" + x + ", " + y + ", " + z + ") is outside 0.."
                + (classes - 1) + "; check the mask or the configured classes");
      }
      counts[label]++;
    }
    return counts;
  }
}
