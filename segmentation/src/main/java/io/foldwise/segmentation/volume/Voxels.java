package io.foldwise.segmentation.volume;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link ImageVolume} and {@link LabelVolume} share: a geometry and its voxels, x fastest, either in an array
 * ({@code A}: {@code float[]} or {@code byte[]}) or in a {@link VoxelFile}. The subclasses say only how their
 * element type is written, read and cropped; keeping, spilling and loading the voxels is done once, here.
 *
 * @param <A> the voxel array type
 * @param <V> the subclass, which {@link #spill} and {@link #load} return
 */
abstract class Voxels<A, V extends Voxels<A, V>> {
  private final Geometry geometry;
  private final A data;
  private final VoxelFile file;

  /** Voxels in memory; {@code data} must have {@code geometry.voxelCount()} elements. */
  Voxels(Geometry geometry, A data) {
    this.geometry = Objects.requireNonNull(geometry, "geometry == null");
    this.data = Objects.requireNonNull(data, "data == null");
    this.file = null;
    int length = Array.getLength(data);
    if (length != geometry.voxelCount()) {
      throw new IllegalArgumentException(
          "data has " + length + " voxels but " + geometry + " needs " + geometry.voxelCount());
    }
  }

  /** Voxels in {@code file}. */
  Voxels(Geometry geometry, VoxelFile file) {
    this.geometry = Objects.requireNonNull(geometry, "geometry == null");
    this.data = null;
    this.file = Objects.requireNonNull(file, "file == null");
  }

  /** "voxels" or "labels", for the messages. */
  abstract String noun();

  /** The same geometry with these voxels in memory. */
  abstract V inMemory(A data);

  /** The same geometry with its voxels in {@code file}. */
  abstract V inFile(VoxelFile file);

  /** Writes {@code data} to {@code path} in this type's file format. */
  abstract VoxelFile write(Path path, A data) throws IOException;

  /** Reads all voxels of {@code file} back. */
  abstract A read(VoxelFile file) throws IOException;

  /** The voxel file, or null when the voxels are in memory. */
  final VoxelFile file() {
    return file;
  }

  /**
   * This volume with its voxels written to {@code file} (created or replaced) and read from there: the returned
   * one holds no voxel array. Deleting the file is the caller's business, once the volume is done.
   */
  public V spill(Path file) throws IOException {
    Objects.requireNonNull(file, "file == null");
    if (this.file != null) {
      throw new IllegalStateException("the " + noun() + " are on disk already, at " + this.file.path());
    }
    return inFile(write(file, data));
  }

  /** Whether the voxels are in a file ({@link #spill}, {@code onDisk}) rather than in memory. */
  public boolean isOnDisk() {
    return file != null;
  }

  public Geometry geometry() {
    return geometry;
  }

  /**
   * The voxels, x fastest. Do not modify: the array is shared.
   *
   * @throws IllegalStateException if the voxels are on disk (crop windows with {@code crop}, or {@link #load()} it)
   */
  public A data() {
    if (file != null) {
      throw new IllegalStateException("the " + noun() + " of this volume are on disk at " + file.path()
          + "; crop windows from it with crop(...) or read it into memory with load()");
    }
    return data;
  }

  /** This volume in memory: itself if it is, else its voxels read from its file. */
  @SuppressWarnings("unchecked")
  public V load() throws IOException {
    return file == null ? (V) this : inMemory(read(file));
  }
}
