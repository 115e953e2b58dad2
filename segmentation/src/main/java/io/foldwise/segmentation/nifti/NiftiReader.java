package io.foldwise.segmentation.nifti;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decodes the voxels of a NIfTI stream positioned at its start (already decompressed). Checks
 * the voxel count against the limit before allocating and converts in chunks straight into the
 * float result, so no second copy of the raw bytes is held.
 */
final class NiftiReader {
  private static final int CHUNK_BYTES = 1 << 20;
  private static final int UNTRUSTED_INITIAL_VOXELS = 1 << 22;

  private NiftiReader() {}

  /**
   * Reads header and voxels.
   *
   * @param availableBytes how many decompressed bytes the source is known to hold, or -1 when
   *     unknown; when known and too small, the read fails before allocating; when unknown, the
   *     result array grows as data actually arrives
   * @param exact true when {@code availableBytes} is exact (an uncompressed file's size)
   */
  static NiftiImage read(InputStream in, String name, NiftiReadOptions options, long availableBytes,
      boolean exact) throws IOException {
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
    long skip = header.voxOffset() - parsed.bytesRead();
    try {
      in.skipNBytes(skip);
    } catch (EOFException e) {
      throw new NiftiException(name, "truncated: the file ends before vox_offset " + header.voxOffset()
          + " where the voxels start; the file is incomplete, download or copy it again");
    }
    boolean trusted = availableBytes >= needed;
    int initial = trusted ? (int) voxels : (int) Math.min(voxels, UNTRUSTED_INITIAL_VOXELS);
    float[] data = new float[initial];
    VoxelConverter converter = new VoxelConverter(type, header.byteOrder(),
        header.effectiveSlope(), header.effectiveInter());
    int bytesPerVoxel = type.bytes();
    int voxelsPerChunk = (int) Math.min(CHUNK_BYTES / bytesPerVoxel, voxels);
    byte[] chunk = new byte[voxelsPerChunk * bytesPerVoxel];
    long done = 0;
    long nonFinite = 0;
    long firstNonFinite = -1;
    while (done < voxels) {
      int want = (int) Math.min(voxelsPerChunk, voxels - done);
      int wantBytes = want * bytesPerVoxel;
      int got = in.readNBytes(chunk, 0, wantBytes);
      if (got < wantBytes) {
        long have = done * bytesPerVoxel + got;
        throw new NiftiException(name, "truncated voxel data: " + have + " of " + dataBytes
            + " bytes present (dims " + Arrays.toString(header.dims()) + ", " + type.label()
            + "); the file is incomplete, download or copy it again");
      }
      if (done + want > data.length) {
        data = Arrays.copyOf(data, grownCapacity(data.length, done + want, voxels));
      }
      converter.convert(chunk, want, data, (int) done);
      if (type.isFloatingPoint() || header.isScaled()) {
        for (int i = (int) done, end = (int) done + want; i < end; i++) {
          if (!Float.isFinite(data[i])) {
            double stored = converter.valueAt(chunk, (int) (i - done));
            if (Double.isFinite(stored)) {
              throw new NiftiException(name, "voxel " + coordinates(i, header.dims()) + " has value "
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
      done += want;
    }
    if (nonFinite > 0 && options.rejectNonFinite()) {
      int first = (int) firstNonFinite;
      throw new NiftiException(name, nonFinite + " voxels are NaN or infinite (first at voxel "
          + coordinates(first, header.dims()) + ", value " + data[first]
          + "); fix the file, or read it with rejectNonFinite=false to only count them");
    }
    return new NiftiImage(name, header, data, nonFinite);
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
