package io.foldwise.segmentation.nifti;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.LabelVolume;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decodes the voxels of a NIfTI stream positioned at its start (already decompressed). Checks
 * the voxel count against the limit before allocating and converts in chunks straight into the
 * result (floats, or labels as bytes), so no copy of the raw bytes is held.
 */
final class NiftiReader {
  private static final int CHUNK_BYTES = 1 << 20;
  private static final int UNTRUSTED_INITIAL_VOXELS = 1 << 22;

  private NiftiReader() {}

  /**
   * Reads header and voxels as floats.
   *
   * @param availableBytes how many decompressed bytes the source is known to hold, or -1 when
   *     unknown; when known and too small, the read fails before allocating; when unknown, the
   *     result array grows as data actually arrives
   * @param exact true when {@code availableBytes} is exact (an uncompressed file's size)
   */
  static NiftiImage read(InputStream in, String name, NiftiReadOptions options, long availableBytes,
      boolean exact) throws IOException {
    Voxels v = open(in, name, options, availableBytes, exact);
    float[] data = new float[v.initialCapacity()];
    long nonFinite = 0;
    long firstNonFinite = -1;
    boolean check = v.type().isFloatingPoint() || v.header().isScaled();
    while (v.done < v.count) {
      int want = v.next();
      int start = (int) v.done;
      if (start + want > data.length) {
        data = Arrays.copyOf(data, grownCapacity(data.length, start + want, v.count));
      }
      v.converter.convert(v.chunk, want, data, start);
      if (check) {
        for (int i = start, end = start + want; i < end; i++) {
          if (!Float.isFinite(data[i])) {
            double stored = v.converter.valueAt(v.chunk, i - start);
            if (Double.isFinite(stored)) {
              throw new NiftiException(name, "voxel " + coordinates(i, v.header().dims()) + " has value "
                  + stored + ", outside the float32 range voxels are held in (about ±3.4e38);"
                  + " rescale the image or fix scl_slope/scl_inter");
            }
            if (firstNonFinite < 0) {
              firstNonFinite = i;
            }
            nonFinite++;
          }
        }
      }
      v.done += want;
    }
    if (nonFinite > 0 && options.rejectNonFinite()) {
      int first = (int) firstNonFinite;
      throw new NiftiException(name, nonFinite + " voxels are NaN or infinite (first at voxel "
          + coordinates(first, v.header().dims()) + ", value " + data[first]
          + "); fix the file, or read it with rejectNonFinite=false to only count them");
    }
    return new NiftiImage(name, v.header(), data, nonFinite);
  }

  /**
   * Reads header and voxels straight into a label map (one byte per voxel, no float copy); every
   * voxel must be a whole number 0..127 after scaling.
   */
  static LabelVolume readLabels(InputStream in, String name, NiftiReadOptions options,
      long availableBytes, boolean exact) throws IOException {
    Voxels v = open(in, name, options, availableBytes, exact);
    Geometry geometry = NiftiGeometry.of(name, v.header());
    byte[] labels = new byte[v.initialCapacity()];
    float[] scratch = new float[v.voxelsPerChunk];
    while (v.done < v.count) {
      int want = v.next();
      int start = (int) v.done;
      if (start + want > labels.length) {
        labels = Arrays.copyOf(labels, grownCapacity(labels.length, start + want, v.count));
      }
      v.converter.convert(v.chunk, want, scratch, 0);
      for (int i = 0; i < want; i++) {
        float value = scratch[i];
        int label = (int) value;
        if (label != value || label < 0 || label > 127) {
          throw notALabel(name, start + i, value, v.header().dims());
        }
        labels[start + i] = (byte) label;
      }
      v.done += want;
    }
    return new LabelVolume(geometry, labels);
  }

  static NiftiException notALabel(String name, long index, float value, long[] dims) {
    return new NiftiException(name, "voxel " + coordinates(index, dims) + " has value " + value
        + ", labels must be whole numbers 0..127; check that this is a label (mask) file");
  }

  /** Parses and checks the header, skips to the voxels and sets up chunked decoding. */
  private static Voxels open(InputStream in, String name, NiftiReadOptions options,
      long availableBytes, boolean exact) throws IOException {
    NiftiHeaderParser.Parsed parsed = NiftiHeaderParser.parse(in, name);
    NiftiHeader header = parsed.header();
    NiftiDatatype type = NiftiDatatype.ofCode(header.datatype()).orElseThrow();
    long voxels = voxelCount(header, name, options);
    long dataBytes = voxels * type.bytes();
    long needed = header.voxOffset() + dataBytes;
    if (exact && availableBytes >= 0 && availableBytes < needed) {
      throw new NiftiException(name, "truncated: dims " + Arrays.toString(header.dims()) + " of "
          + type.label() + " need " + needed + " bytes (vox_offset " + header.voxOffset()
          + " + " + dataBytes + " of voxels), the file has " + availableBytes
          + "; the file is incomplete, download or copy it again");
    }
    try {
      in.skipNBytes(header.voxOffset() - parsed.bytesRead());
    } catch (EOFException e) {
      throw new NiftiException(name, "truncated: the file ends before vox_offset " + header.voxOffset()
          + " where the voxels start; the file is incomplete, download or copy it again");
    }
    return new Voxels(in, name, header, type, voxels, availableBytes >= needed);
  }

  /** The voxel stream of one file, read chunk by chunk. */
  private static final class Voxels {
    final InputStream in;
    final String name;
    final NiftiHeader header;
    final NiftiDatatype type;
    final long count;
    final boolean trusted;
    final VoxelConverter converter;
    final int voxelsPerChunk;
    final byte[] chunk;
    long done;

    Voxels(InputStream in, String name, NiftiHeader header, NiftiDatatype type, long count, boolean trusted) {
      this.in = in;
      this.name = name;
      this.header = header;
      this.type = type;
      this.count = count;
      this.trusted = trusted;
      this.converter = new VoxelConverter(type, header.byteOrder(), header.effectiveSlope(), header.effectiveInter());
      this.voxelsPerChunk = (int) Math.min(CHUNK_BYTES / type.bytes(), count);
      this.chunk = new byte[voxelsPerChunk * type.bytes()];
    }

    NiftiHeader header() {
      return header;
    }

    NiftiDatatype type() {
      return type;
    }

    /** The first allocation: everything when the source size vouches for it, else a start. */
    int initialCapacity() {
      return trusted ? (int) count : (int) Math.min(count, UNTRUSTED_INITIAL_VOXELS);
    }

    /** Reads the next chunk into {@link #chunk}; returns its voxel count. */
    int next() throws IOException {
      int want = (int) Math.min(voxelsPerChunk, count - done);
      int wantBytes = want * type.bytes();
      int got = in.readNBytes(chunk, 0, wantBytes);
      if (got < wantBytes) {
        long have = done * type.bytes() + got;
        throw new NiftiException(name, "truncated voxel data: " + have + " of " + count * type.bytes()
            + " bytes present (dims " + Arrays.toString(header.dims()) + ", " + type.label()
            + "); the file is incomplete, download or copy it again");
      }
      return want;
    }
  }

  /**
   * The next capacity of a result array whose final size was not trusted up front: doubling, or
   * the full size once an eighth of the voxels has actually arrived (so a lying header can make
   * the reader allocate at most about 8x the data it really holds, and a genuine stream of
   * unknown length is copied only a few times).
   */
  static int grownCapacity(int current, long needed, long voxels) {
    if (needed >= voxels / 8) {
      return (int) voxels;
    }
    return (int) Math.min(voxels, Math.max(needed, 2L * current));
  }

  private static long voxelCount(NiftiHeader header, String name, NiftiReadOptions options)
      throws NiftiException {
    long[] dims = header.dims();
    long voxels = 1;
    try {
      for (long d : dims) {
        voxels = Math.multiplyExact(voxels, d);
      }
    } catch (ArithmeticException e) {
      throw new NiftiException(name, "dims " + Arrays.toString(dims)
          + " multiply to more voxels than a 64-bit count holds; the header is corrupt");
    }
    if (voxels > options.maxVoxels()) {
      throw new NiftiException(name, "dims " + Arrays.toString(dims) + " make " + voxels
          + " voxels, more than the limit of " + options.maxVoxels()
          + "; if the image is genuine, raise NiftiReadOptions.maxVoxels (else the header is corrupt"
          + " or the file is a decompression bomb)");
    }
    if (voxels > Integer.MAX_VALUE - 8) {
      throw new NiftiException(name, "dims " + Arrays.toString(dims) + " make " + voxels
          + " voxels, more than one Java array holds; crop or split the image first");
    }
    return voxels;
  }

  /** "(x, y, z)" (or more axes) of linear voxel index {@code index}, x fastest. */
  static String coordinates(long index, long[] dims) {
    StringBuilder sb = new StringBuilder("(");
    long rest = index;
    int axes = Math.max(3, dims.length);
    for (int i = 0; i < axes; i++) {
      long d = i < dims.length ? dims[i] : 1;
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(rest % d);
      rest /= d;
    }
    return sb.append(')').toString();
  }
}
