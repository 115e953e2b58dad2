package io.foldwise.segmentation.volume;

import io.foldwise.segmentation.patch.Windows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An intensity volume: float voxels in x-fastest order with their geometry. The voxel array is
 * shared, not copied: transforms return new volumes and never write into their input.
 *
 * <p>A volume can also keep its voxels in a file ({@link #spill}, {@link #onDisk}): windows are then
 * read from the file as they are cropped ({@link #crop}), so a training run that draws patches from many
 * cases holds only the patches in memory, not the cases (the operating system's page cache keeps the
 * files, outside the process, and gives the memory back when it is needed). {@link #data()} is for
 * volumes in memory; {@link #load()} reads a volume on disk back.
 */
public final class ImageVolume {
  private final Geometry geometry;
  private final float[] data;
  private final VoxelFile file;

  public ImageVolume(Geometry geometry, float[] data) {
    this.geometry = Objects.requireNonNull(geometry, "geometry == null");
    this.data = Objects.requireNonNull(data, "data == null");
    this.file = null;
    if (data.length != geometry.voxelCount()) {
      throw new IllegalArgumentException(
          "data has " + data.length + " voxels but " + geometry + " needs " + geometry.voxelCount());
    }
  }

  private ImageVolume(Geometry geometry, VoxelFile file) {
    this.geometry = geometry;
    this.data = null;
    this.file = file;
  }

  /**
   * A volume whose voxels are in {@code file}: {@code geometry.voxelCount()} little-endian float32
   * values, x fastest (as {@link #spill} writes them). The file must stay until the volume is no longer used.
   */
  public static ImageVolume onDisk(Geometry geometry, Path file) throws IOException {
    Objects.requireNonNull(geometry, "geometry == null");
    return new ImageVolume(geometry, VoxelFile.open(file, geometry.voxelCount()));
  }

  /**
   * This volume with its voxels written to {@code file} (created or replaced) and read from there: the
   * returned volume holds no voxel array. Deleting the file is the caller's business, once the volume is done.
   */
  public ImageVolume spill(Path file) throws IOException {
    Objects.requireNonNull(file, "file == null");
    if (this.file != null) {
      throw new IllegalStateException("the voxels are on disk already, at " + this.file.path());
    }
    return new ImageVolume(geometry, VoxelFile.write(file, data));
  }

  /** Whether the voxels are in a file ({@link #spill}, {@link #onDisk}) rather than in memory. */
  public boolean isOnDisk() {
    return file != null;
  }

  public Geometry geometry() {
    return geometry;
  }

  /**
   * The voxels, x fastest. Do not modify: the array is shared.
   *
   * @throws IllegalStateException if the voxels are on disk (crop windows with {@link #crop}, or {@link #load()} it)
   */
  public float[] data() {
    if (file != null) {
      throw new IllegalStateException("the voxels of this volume are on disk at " + file.path()
          + "; crop windows from it with crop(...) or read it into memory with load()");
    }
    return data;
  }

  /** This volume in memory: itself if it is, else its voxels read from its file. */
  public ImageVolume load() throws IOException {
    return file == null ? this : new ImageVolume(geometry, file.readAll());
  }

  public float get(int x, int y, int z) {
    if (file == null) {
      return data[geometry.index(x, y, z)];
    }
    geometry.index(x, y, z); // checks the coordinates
    return crop(new int[] {x, y, z}, new int[] {1, 1, 1}, 0f)[0];
  }

  /**
   * The {@code box}-shaped window at {@code origin} (voxel coordinates; may lie partly or wholly outside),
   * padded with {@code fill}: the same values whether the voxels are in memory or on disk.
   */
  public float[] crop(int[] origin, int[] box, float fill) {
    return file == null
        ? Windows.crop(data, geometry.shape(), origin, box, fill)
        : file.crop(geometry.shape(), origin, box, fill);
  }

  /** A volume with the same geometry and new voxels. */
  public ImageVolume withData(float[] newData) {
    return new ImageVolume(geometry, newData);
  }
}
