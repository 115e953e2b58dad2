package io.foldwise.segmentation.nifti;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reading and writing NIfTI images ({@code .nii}, {@code .nii.gz}). Reads NIfTI-1 and NIfTI-2,
 * either byte order, datatypes uint8, int8, int16, uint16, int32, uint32, float32, float64, with
 * {@code scl_slope}/{@code scl_inter} applied. Writes little-endian NIfTI-1 (float32 images,
 * uint8 labels), gzip-compressed when the file name ends in {@code .gz}.
 *
 * <p>Every problem with a file is a {@link NiftiException} whose message starts with the file name.
 */
public final class Nifti {
  private static final int BUFFER_BYTES = 1 << 16;
  /**
   * Deflate level of written .nii.gz files: 1 (fastest). On noisy CT it writes several times
   * faster than the default 6 for files only slightly larger (see NiftiBench).
   */
  private static final int GZIP_LEVEL = Deflater.BEST_SPEED;

  private Nifti() {}

  /** Reads a file with {@link NiftiReadOptions#defaults()}. */
  public static NiftiImage read(Path file) throws IOException {
    return read(file, NiftiReadOptions.defaults());
  }

  /** Reads a {@code .nii} or {@code .nii.gz} file (gzip is recognised by content, not name). */
  public static NiftiImage read(Path file, NiftiReadOptions options) throws IOException {
    Objects.requireNonNull(options, "options == null");
    return fromFile(file, (in, name, available, exact) -> NiftiReader.read(in, name, options, available, exact));
  }

  /**
   * Reads from a stream (closed by the caller); gzip is recognised by the magic bytes 1f 8b.
   * {@code name} is used in error messages.
   */
  public static NiftiImage read(InputStream in, String name, NiftiReadOptions options) throws IOException {
    Objects.requireNonNull(options, "options == null");
    return fromStream(in, name, (source, n, available, exact) -> NiftiReader.read(source, n, options, available, exact));
  }

  /** The image of a 3D file: float voxels after scaling, with its geometry. */
  public static ImageVolume readImage(Path file) throws IOException {
    return read(file).toImageVolume();
  }

  /**
   * The label map of a 3D file: every voxel must be a whole number 0..127 (else a {@link
   * NiftiException} names the voxel and value). Decodes straight to bytes, without a float copy.
   */
  public static LabelVolume readLabels(Path file) throws IOException {
    NiftiReadOptions options = NiftiReadOptions.defaults();
    return fromFile(file, (in, name, available, exact) -> NiftiReader.readLabels(in, name, options, available, exact));
  }

  /** The label map of a 3D NIfTI stream (closed by the caller), as {@link #readLabels(Path)}. */
  public static LabelVolume readLabels(InputStream in, String name, NiftiReadOptions options) throws IOException {
    Objects.requireNonNull(options, "options == null");
    return fromStream(in, name, (source, n, available, exact) -> NiftiReader.readLabels(source, n, options, available, exact));
  }

  /** Writes a float32 NIfTI-1 file; gzip-compressed when the name ends in {@code .gz}. */
  public static void writeImage(Path file, ImageVolume volume) throws IOException {
    writeImage(file, volume, NiftiDatatype.FLOAT32);
  }

  /**
   * Writes an image as float32, int16 or uint8 (the integer types need whole-number voxels in
   * range; otherwise a {@link NiftiException} names the first voxel that does not fit).
   */
  public static void writeImage(Path file, ImageVolume volume, NiftiDatatype type) throws IOException {
    Objects.requireNonNull(volume, "volume == null");
    Objects.requireNonNull(type, "type == null");
    if (type != NiftiDatatype.UINT8 && type != NiftiDatatype.INT16 && type != NiftiDatatype.FLOAT32) {
      throw new IllegalArgumentException("images are written as float32, int16 or uint8, got " + type.label());
    }
    writeFile(file, volume.geometry(), volume.data(), null, type);
  }

  /** Writes a uint8 NIfTI-1 label file; gzip-compressed when the name ends in {@code .gz}. */
  public static void writeLabels(Path file, LabelVolume volume) throws IOException {
    writeLabels(file, volume, NiftiDatatype.UINT8);
  }

  /** Writes a label file as uint8 or int16 (the types masks are commonly stored in). */
  public static void writeLabels(Path file, LabelVolume volume, NiftiDatatype type) throws IOException {
    Objects.requireNonNull(volume, "volume == null");
    Objects.requireNonNull(type, "type == null");
    if (type != NiftiDatatype.UINT8 && type != NiftiDatatype.INT16) {
      throw new IllegalArgumentException("labels are written as uint8 or int16, got " + type.label());
    }
    writeFile(file, volume.geometry(), null, volume.data(), type);
  }

  /** Writes a gzip-compressed float32 NIfTI-1 image to {@code out}, which is left open. */
  public static void writeImage(OutputStream out, ImageVolume volume) throws IOException {
    Objects.requireNonNull(volume, "volume == null");
    writeGzip(out, "stream", volume.geometry(), volume.data(), null, NiftiDatatype.FLOAT32);
  }

  /** Writes a gzip-compressed uint8 NIfTI-1 label map to {@code out}, which is left open. */
  public static void writeLabels(OutputStream out, LabelVolume volume) throws IOException {
    Objects.requireNonNull(volume, "volume == null");
    writeGzip(out, "stream", volume.geometry(), null, volume.data(), NiftiDatatype.UINT8);
  }

  /** A decoding step over a decompressed stream positioned at the file's start. */
  private interface Decoder<T> {
    T decode(InputStream in, String name, long availableBytes, boolean exact) throws IOException;
  }

  private static <T> T fromFile(Path file, Decoder<T> decoder) throws IOException {
    Objects.requireNonNull(file, "file == null");
    String name = file.toString();
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new NiftiException(name, "no such file; check the path");
    }
    if (Files.isDirectory(file)) {
      throw new NiftiException(name, "is a directory, not a NIfTI file; give the path of a .nii or .nii.gz file");
    }
    try {
      boolean gzip = startsWithGzipMagic(file);
      long available = gzip ? gzipTrailerSize(file, size) : size;
      try (InputStream raw = Files.newInputStream(file);
          InputStream in = gzip ? new GZIPInputStream(raw, BUFFER_BYTES) : new BufferedInputStream(raw, BUFFER_BYTES)) {
        return decode(decoder, in, name, available, !gzip);
      }
    } catch (AccessDeniedException e) {
      throw new NiftiException(name, "permission denied; check the file's permissions", e);
    }
  }

  private static <T> T fromStream(InputStream in, String name, Decoder<T> decoder) throws IOException {
    Objects.requireNonNull(in, "in == null");
    Objects.requireNonNull(name, "name == null");
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream source = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, BUFFER_BYTES) : buffered;
    return decode(decoder, source, name, -1, false);
  }

  private static <T> T decode(Decoder<T> decoder, InputStream in, String name, long available,
      boolean exact) throws IOException {
    try {
      return decoder.decode(in, name, available, exact);
    } catch (NiftiException e) {
      throw e;
    } catch (ZipException | EOFException e) {
      throw new NiftiException(name, "corrupt or truncated gzip data (" + e.getMessage()
          + "); the file is incomplete or damaged, download or copy it again", e);
    }
  }

  private static void writeFile(Path file, Geometry geometry, float[] floats, byte[] labels,
      NiftiDatatype type) throws IOException {
    Objects.requireNonNull(file, "file == null");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = Files.createTempFile(parent, file.getFileName() + ".", ".part");
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        if (gzip) {
          writeGzip(out, file.toString(), geometry, floats, labels, type);
        } else {
          BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER_BYTES);
          NiftiWriter.write(buffered, file.toString(), geometry, floats, labels, type);
          buffered.flush();
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeGzip(OutputStream out, String name, Geometry geometry, float[] floats,
      byte[] labels, NiftiDatatype type) throws IOException {
    GZIPOutputStream gzip = new GZIPOutputStream(out, BUFFER_BYTES) {
      {
        def.setLevel(GZIP_LEVEL);
      }
    };
    NiftiWriter.write(gzip, name, geometry, floats, labels, type);
    gzip.finish();
    out.flush();
  }

  private static boolean startsWithGzipMagic(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** The uncompressed size from a gzip trailer (mod 2^32; a hint only), or -1. */
  private static long gzipTrailerSize(Path file, long size) throws IOException {
    if (size < 18) {
      return -1;
    }
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      ch.position(size - 4);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // fill
      }
      return b.hasRemaining() ? -1 : Integer.toUnsignedLong(b.getInt(0));
    }
  }
}
