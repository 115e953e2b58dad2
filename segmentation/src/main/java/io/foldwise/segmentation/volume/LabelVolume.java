package io.foldwise.segmentation.volume;

import io.foldwise.segmentation.patch.Windows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A label map: one class index (0..127) per voxel in x-fastest order with its geometry. The voxel
 * array is shared, not copied.
 *
 * <p>As an {@link ImageVolume} can, a label map can keep its voxels in a file ({@link #spill}, one byte per voxel):
 * windows are then read from the file as they are cropped ({@link #crop}); {@link #data()} is for label maps in
 * memory, {@link #load()} reads one on disk back.
 */
public final class LabelVolume {
  private final Geometry geometry;
  private final byte[] data;
  private final VoxelFile file;

  public LabelVolume(Geometry geometry, byte[] data) {
    this.geometry = Objects.requireNonNull(geometry, "geometry == null");
    this.data = Objects.requireNonNull(data, "data == null");
    this.file = null;
    if (data.length != geometry.voxelCount()) {
      throw new IllegalArgumentException(
          "data has " + data.length + " voxels but " + geometry + " needs " + geometry.voxelCount());
    }
  }

  private LabelVolume(Geometry geometry, VoxelFile file) {
    this.geometry = geometry;
    this.data = null;
    this.file = file;
  }

  /** A label map whose voxels are in {@code file}, one byte each, x fastest (as {@link #spill} writes them). */
  public static LabelVolume onDisk(Geometry geometry, Path file) throws IOException {
    Objects.requireNonNull(geometry, "geometry == null");
    return new LabelVolume(geometry, VoxelFile.openBytes(file, geometry.voxelCount()));
  }

  /**
   * This label map with its voxels written to {@code file} (created or replaced) and read from there: the returned
   * one holds no voxel array. Deleting the file is the caller's business, once the label map is done.
   */
  public LabelVolume spill(Path file) throws IOException {
    Objects.requireNonNull(file, "file == null");
    if (this.file != null) {
      throw new IllegalStateException("the labels are on disk already, at " + this.file.path());
    }
    return new LabelVolume(geometry, VoxelFile.writeBytes(file, data));
  }

  /** Whether the voxels are in a file ({@link #spill}, {@link #onDisk}) rather than in memory. */
  public boolean isOnDisk() {
    return file != null;
  }

  public Geometry geometry() {
    return geometry;
  }

  /**
   * The labels, x fastest. Do not modify: the array is shared.
   *
   * @throws IllegalStateException if the voxels are on disk (crop windows with {@link #crop}, or {@link #load()} it)
   */
  public byte[] data() {
    if (file != null) {
      throw new IllegalStateException("the labels of this volume are on disk at " + file.path()
          + "; crop windows from it with crop(...) or read it into memory with load()");
    }
    return data;
  }

  /** This label map in memory: itself if it is, else its voxels read from its file. */
  public LabelVolume load() throws IOException {
    return file == null ? this : new LabelVolume(geometry, file.readAllBytes());
  }

  public int get(int x, int y, int z) {
    if (file == null) {
      return data[geometry.index(x, y, z)];
    }
    geometry.index(x, y, z); // checks the coordinates
    return crop(new int[] {x, y, z}, new int[] {1, 1, 1}, (byte) 0)[0];
  }

  /**
   * The {@code box}-shaped window at {@code origin} (voxel coordinates; may lie partly or wholly outside),
   * padded with {@code fill}: the same values whether the voxels are in memory or on disk.
   */
  public byte[] crop(int[] origin, int[] box, byte fill) {
    return file == null
        ? Windows.crop(data, geometry.shape(), origin, box, fill)
        : file.cropBytes(geometry.shape(), origin, box, fill);
  }

  /** Number of voxels of each class 0..classes-1; a label outside that range is an error. */
  public long[] classCounts(int classes) {
    byte[] data = data();
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
