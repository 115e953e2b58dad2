package io.foldwise.segmentation.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Voxels in a file (little-endian float32, or one byte per label; x fastest), read by positional reads: nothing is
 * mapped into the process, so what is read lives in the page cache, not in the process's memory.
 */
final class VoxelFile {
  private static final int CHUNK = 1 << 20;
  private final Path path;
  private final int voxels;

  private VoxelFile(Path path, int voxels) {
    this.path = path;
    this.voxels = voxels;
  }

  /** A file of one byte per voxel, as {@link #writeBytes} writes it. */
  static VoxelFile openBytes(Path path, int voxels) throws IOException {
    long size = Files.size(path);
    if (size != voxels) {
      throw new IllegalArgumentException(path + " has " + size + " bytes but " + voxels
          + " one-byte labels need " + voxels + "; write it with LabelVolume.spill");
    }
    return new VoxelFile(path, voxels);
  }

  static VoxelFile writeBytes(Path path, byte[] data) throws IOException {
    Files.write(path, data);
    return new VoxelFile(path, data.length);
  }

  byte[] readAllBytes() throws IOException {
    byte[] out = new byte[voxels];
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      read(channel, ByteBuffer.wrap(out), 0);
    }
    return out;
  }

  /** As {@link #crop} for a file of one byte per voxel. */
  byte[] cropBytes(int[] shape, int[] origin, int[] box, byte fill) {
    byte[] out = new byte[box[0] * box[1] * box[2]];
    if (fill != 0) {
      Arrays.fill(out, fill);
    }
    readInside(shape, origin, box, 1, slice -> (from, to, n) -> System.arraycopy(slice.array(), from, out, to, n));
    return out;
  }

  static VoxelFile open(Path path, int voxels) throws IOException {
    long size = Files.size(path);
    if (size != 4L * voxels) {
      throw new IllegalArgumentException(path + " has " + size + " bytes but " + voxels
          + " float32 voxels need " + 4L * voxels + "; write it with ImageVolume.spill");
    }
    return new VoxelFile(path, voxels);
  }

  static VoxelFile write(Path path, float[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < data.length; ) {
        int n = Math.min(CHUNK / 4, data.length - i);
        buffer.clear();
        buffer.asFloatBuffer().put(data, i, n);
        buffer.limit(4 * n);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        i += n;
      }
    }
    return new VoxelFile(path, data.length);
  }

  Path path() {
    return path;
  }

  float[] readAll() throws IOException {
    float[] out = new float[voxels];
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < voxels; ) {
        int n = Math.min(CHUNK / 4, voxels - i);
        buffer.clear().limit(4 * n);
        read(channel, buffer, 4L * i);
        buffer.flip();
        buffer.asFloatBuffer().get(out, i, n);
        i += n;
      }
    }
    return out;
  }

  /**
   * The {@code box}-shaped window at {@code origin} (may lie partly or wholly outside the volume of {@code shape}),
   * padded with {@code fill}, as {@code Windows.crop} gives it from an array: one read per slice, of the rows
   * inside the volume.
   *
   * @throws UncheckedIOException naming the file if it cannot be read
   */
  float[] crop(int[] shape, int[] origin, int[] box, float fill) {
    float[] out = new float[box[0] * box[1] * box[2]];
    if (fill != 0f) {
      Arrays.fill(out, fill);
    }
    readInside(shape, origin, box, Float.BYTES, slice -> {
      FloatBuffer floats = slice.asFloatBuffer(); // a view of the whole slice buffer, read at absolute indices
      return (from, to, n) -> floats.get(from, out, to, n);
    });
    return out;
  }

  /** Copies {@code n} voxels of the slice just read, from its voxel {@code from} to index {@code to} of the window. */
  private interface RowCopy {
    void copy(int from, int to, int n);
  }

  /**
   * Reads the part of the window inside the volume, one read per slice (its rows y0..y1-1 from x0 to x1), into a
   * buffer of {@code voxelBytes} per voxel, and hands each row to the copy that {@code rowsOf} makes for that buffer.
   *
   * @throws UncheckedIOException naming the file if it cannot be read
   */
  private void readInside(int[] shape, int[] origin, int[] box, int voxelBytes,
      Function<ByteBuffer, RowCopy> rowsOf) {
    Inside in = Inside.of(shape, origin, box);
    if (in == null) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate(voxelBytes * in.rowSpan(shape)).order(ByteOrder.LITTLE_ENDIAN);
    RowCopy rows = rowsOf.apply(buffer);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      for (int z = in.z0; z < in.z1; z++) {
        buffer.clear();
        read(channel, buffer, voxelBytes * (in.x0 + (long) shape[0] * (in.y0 + (long) shape[1] * z)));
        for (int y = in.y0; y < in.y1; y++) {
          rows.copy((y - in.y0) * shape[0], in.target(origin, box, y, z), in.x1 - in.x0);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cropping " + path + ": " + e.getMessage(), e);
    }
  }

  /** The part [x0,x1) x [y0,y1) x [z0,z1) of a window that lies inside the volume. */
  private record Inside(int x0, int x1, int y0, int y1, int z0, int z1) {
    /** The part of the window at {@code origin} inside {@code shape}, or null if none of it is. */
    static Inside of(int[] shape, int[] origin, int[] box) {
      Inside in = new Inside(Math.max(0, origin[0]), Math.min(shape[0], origin[0] + box[0]),
          Math.max(0, origin[1]), Math.min(shape[1], origin[1] + box[1]),
          Math.max(0, origin[2]), Math.min(shape[2], origin[2] + box[2]));
      return in.x1 > in.x0 && in.y1 > in.y0 && in.z1 > in.z0 ? in : null;
    }

    /** Voxels from the first to the last wanted one of a slice's rows y0..y1-1 (one read). */
    int rowSpan(int[] shape) {
      return (y1 - y0 - 1) * shape[0] + (x1 - x0);
    }

    /** Where voxel (x0, y, z) goes in the window. */
    int target(int[] origin, int[] box, int y, int z) {
      return (x0 - origin[0]) + box[0] * ((y - origin[1]) + box[1] * (z - origin[2]));
    }
  }

  private void read(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException(path + " ended at byte " + at + ", before the " + voxels
            + " voxels it should hold; was it changed or truncated while in use?");
      }
      at += n;
    }
  }
}
