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
public final class ImageVolume extends Voxels<float[], ImageVolume> {
  public ImageVolume(Geometry geometry, float[] data) {
    super(geometry, data);
  }

  private ImageVolume(Geometry geometry, VoxelFile file) {
    super(geometry, file);
  }

  /**
   * A volume whose voxels are in {@code file}: {@code geometry.voxelCount()} little-endian float32
   * values, x fastest (as {@link #spill} writes them). The file must stay until the volume is no longer used.
   */
  public static ImageVolume onDisk(Geometry geometry, Path file) throws IOException {
    Objects.requireNonNull(geometry, "geometry == null");
    return new ImageVolume(geometry, VoxelFile.open(file, geometry.voxelCount()));
  }

  @Override
  String noun() {
    return "voxels";
  }

  @Override
  ImageVolume inMemory(float[] data) {
    return new ImageVolume(geometry(), data);
  }

  @Override
  ImageVolume inFile(VoxelFile file) {
    return new ImageVolume(geometry(), file);
  }

  @Override
  VoxelFile write(Path path, float[] data) throws IOException {
    return VoxelFile.write(path, data);
  }

  @Override
  float[] read(VoxelFile file) throws IOException {
    return file.readAll();
  }

  public float get(int x, int y, int z) {
    if (!isOnDisk()) {
      return data()[geometry().index(x, y, z)];
    }
    geometry().index(x, y, z); // checks the coordinates
    return crop(new int[] {x, y, z}, new int[] {1, 1, 1}, 0f)[0];
  }

  /**
   * The {@code box}-shaped window at {@code origin} (voxel coordinates; may lie partly or wholly outside),
   * padded with {@code fill}: the same values whether the voxels are in memory or on disk.
   */
  public float[] crop(int[] origin, int[] box, float fill) {
    return isOnDisk()
        ? file().crop(geometry().shape(), origin, box, fill)
        : Windows.crop(data(), geometry().shape(), origin, box, fill);
  }

  /** A volume with the same geometry and new voxels. */
  public ImageVolume withData(float[] newData) {
    return new ImageVolume(geometry(), newData);
  }
}
