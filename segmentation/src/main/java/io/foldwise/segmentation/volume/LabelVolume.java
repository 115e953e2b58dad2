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
public final class LabelVolume extends Voxels<byte[], LabelVolume> {
  public LabelVolume(Geometry geometry, byte[] data) {
    super(geometry, data);
  }

  private LabelVolume(Geometry geometry, VoxelFile file) {
    super(geometry, file);
  }

  /** A label map whose voxels are in {@code file}, one byte each, x fastest (as {@link #spill} writes them). */
  public static LabelVolume onDisk(Geometry geometry, Path file) throws IOException {
    Objects.requireNonNull(geometry, "geometry == null");
    return new LabelVolume(geometry, VoxelFile.openBytes(file, geometry.voxelCount()));
  }

  @Override
  String noun() {
    return "labels";
  }

  @Override
  LabelVolume inMemory(byte[] data) {
    return new LabelVolume(geometry(), data);
  }

  @Override
  LabelVolume inFile(VoxelFile file) {
    return new LabelVolume(geometry(), file);
  }

  @Override
  VoxelFile write(Path path, byte[] data) throws IOException {
    return VoxelFile.writeBytes(path, data);
  }

  @Override
  byte[] read(VoxelFile file) throws IOException {
    return file.readAllBytes();
  }

  public int get(int x, int y, int z) {
    if (!isOnDisk()) {
      return data()[geometry().index(x, y, z)];
    }
    geometry().index(x, y, z); // checks the coordinates
    return crop(new int[] {x, y, z}, new int[] {1, 1, 1}, (byte) 0)[0];
  }

  /**
   * The {@code box}-shaped window at {@code origin} (voxel coordinates; may lie partly or wholly outside),
   * padded with {@code fill}: the same values whether the voxels are in memory or on disk.
   */
  public byte[] crop(int[] origin, int[] box, byte fill) {
    return isOnDisk()
        ? file().cropBytes(geometry().shape(), origin, box, fill)
        : Windows.crop(data(), geometry().shape(), origin, box, fill);
  }

  /** Number of voxels of each class 0..classes-1; a label outside that range is an error. */
  public long[] classCounts(int classes) {
    Geometry geometry = geometry();
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
