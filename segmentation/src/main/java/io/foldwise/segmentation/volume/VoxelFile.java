package io.foldwise.segmentation.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

  /** As {@link #copyBox} for a file of one byte per voxel. */
  void copyByteBox(int[] shape, int x0, int x1, int y0, int y1, int z0, int z1, byte[] out, int[] origin,
      int[] box) throws IOException {
    int rowSpan = (y1 - y0 - 1) * shape[0] + (x1 - x0);
    ByteBuffer buffer = ByteBuffer.allocate(rowSpan);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      for (int z = z0; z < z1; z++) {
        buffer.clear();
        read(channel, buffer, x0 + (long) shape[0] * (y0 + (long) shape[1] * z));
        for (int y = y0; y < y1; y++) {
          int dst = (x0 - origin[0]) + box[0] * ((y - origin[1]) + box[1] * (z - origin[2]));
          System.arraycopy(buffer.array(), (y - y0) * shape[0], out, dst, x1 - x0);
        }
      }
    }
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
   * Copies the voxels [x0,x1) x [y0,y1) x [z0,z1) (inside the volume) into the box {@code out} whose corner
   * is at {@code origin}: one read per slice, of the rows y0..y1-1 from x0 to x1.
   */
  void copyBox(int[] shape, int x0, int x1, int y0, int y1, int z0, int z1, float[] out, int[] origin, int[] box)
      throws IOException {
    int rowSpan = (y1 - y0 - 1) * shape[0] + (x1 - x0);
    ByteBuffer buffer = ByteBuffer.allocate(4 * rowSpan).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      for (int z = z0; z < z1; z++) {
        buffer.clear();
        read(channel, buffer, 4L * (x0 + (long) shape[0] * (y0 + (long) shape[1] * z)));
        FloatBuffer floats = buffer.flip().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int y = y0; y < y1; y++) {
          int dst = (x0 - origin[0]) + box[0] * ((y - origin[1]) + box[1] * (z - origin[2]));
          floats.get((y - y0) * shape[0], out, dst, x1 - x0);
        }
      }
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
