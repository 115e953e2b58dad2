package io.foldwise.segmentation.nifti;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads and checks a NIfTI-1 or NIfTI-2 header from the start of a (decompressed) stream. */
final class NiftiHeaderParser {
  static final int NIFTI1_HEADER_BYTES = 348;
  static final int NIFTI2_HEADER_BYTES = 540;

  private NiftiHeaderParser() {}

  /** A parsed header and how many bytes of the stream it consumed. */
  record Parsed(NiftiHeader header, long bytesRead) {}

  /**
   * Reads the header (348 or 540 bytes) and, when {@code vox_offset} leaves room, the 4-byte
   * extension flag from {@code in}. Extensions themselves are left for the caller to skip.
   */
  static Parsed parse(InputStream in, String name) throws IOException {
    byte[] first = in.readNBytes(NIFTI1_HEADER_BYTES);
    if (first.length < 4) {
      throw new NiftiException(name, "file has only " + first.length
          + " bytes, not a NIfTI header; check that it is a .nii or .nii.gz file");
    }
    ByteBuffer probe = ByteBuffer.wrap(first, 0, 4);
    int le = probe.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    int be = probe.order(ByteOrder.BIG_ENDIAN).getInt(0);
    ByteOrder order;
    int size;
    if (le == NIFTI1_HEADER_BYTES || le == NIFTI2_HEADER_BYTES) {
      order = ByteOrder.LITTLE_ENDIAN;
      size = le;
    } else if (be == NIFTI1_HEADER_BYTES || be == NIFTI2_HEADER_BYTES) {
      order = ByteOrder.BIG_ENDIAN;
      size = be;
    } else {
      throw new NiftiException(name, "not a NIfTI file: sizeof_hdr is " + le
          + ", expected 348 (NIfTI-1) or 540 (NIfTI-2); check that it is a .nii or .nii.gz image");
    }
    byte[] bytes = first;
    if (size == NIFTI2_HEADER_BYTES && first.length == NIFTI1_HEADER_BYTES) {
      byte[] rest = in.readNBytes(NIFTI2_HEADER_BYTES - NIFTI1_HEADER_BYTES);
      bytes = Arrays.copyOf(first, first.length + rest.length);
      System.arraycopy(rest, 0, bytes, first.length, rest.length);
    }
    if (bytes.length < size) {
      throw new NiftiException(name, "truncated header: " + bytes.length + " of " + size
          + " bytes present; the file is incomplete, download or copy it again");
    }
    ByteBuffer h = ByteBuffer.wrap(bytes).order(order);
    NiftiHeader header = size == NIFTI1_HEADER_BYTES ? parse1(h, name) : parse2(h, name);
    long read = size;
    if (header.voxOffset() >= size + 4) {
      byte[] extender = in.readNBytes(4);
      read += extender.length;
      if (extender.length == 4 && extender[0] != 0) {
        header = header.withExtensionFlag(true);
      }
    }
    return new Parsed(header, read);
  }

  private static NiftiHeader parse1(ByteBuffer h, String name) throws IOException {
    String magic = cString(h, 344, 4);
    if (magic.equals("ni1")) {
      throw new NiftiException(name, "two-file NIfTI-1 (.hdr/.img, magic \"ni1\") is not supported;"
          + " convert it to a single-file .nii or .nii.gz");
    }
    if (!magic.equals("n+1")) {
      throw new NiftiException(name, "not a NIfTI-1 file: magic is \"" + printable(magic)
          + "\", expected \"n+1\" (an ANALYZE 7.5 header has none); convert it to NIfTI");
    }
    long[] dim = new long[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = h.getShort(40 + 2 * i);
    }
    double[] pixdim = new double[8];
    for (int i = 0; i < 8; i++) {
      pixdim[i] = decimal(h.getFloat(76 + 4 * i));
    }
    double voxOffset = h.getFloat(108);
    double[] srow = new double[12];
    for (int i = 0; i < 12; i++) {
      srow[i] = decimal(h.getFloat(280 + 4 * i));
    }
    return build(name, 1, h.order(), dim, h.getShort(70), h.getShort(72), pixdim, voxOffset,
        h.getFloat(112), h.getFloat(116), h.getShort(252), h.getShort(254),
        new double[] {decimal(h.getFloat(256)), decimal(h.getFloat(260)), decimal(h.getFloat(264))},
        new double[] {decimal(h.getFloat(268)), decimal(h.getFloat(272)), decimal(h.getFloat(276))}, srow,
        h.get(123) & 0xff, cString(h, 148, 80));
  }

  private static NiftiHeader parse2(ByteBuffer h, String name) throws IOException {
    byte[] magic = new byte[8];
    h.get(4, magic);
    byte[] expected = {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'};
    if (!Arrays.equals(magic, expected)) {
      String m = cString(h, 4, 4);
      if (m.equals("ni2")) {
        throw new NiftiException(name, "two-file NIfTI-2 (.hdr/.img, magic \"ni2\") is not supported;"
            + " convert it to a single-file .nii or .nii.gz");
      }
      throw new NiftiException(name, "not a NIfTI-2 file: magic is \"" + printable(m)
          + "\" followed by " + Arrays.toString(Arrays.copyOfRange(magic, 4, 8))
          + ", expected \"n+2\" and [13, 10, 26, 10]; the file may have been corrupted by a text-mode copy");
    }
    long[] dim = new long[8];
    for (int i = 0; i < 8; i++) {
      dim[i] = h.getLong(16 + 8 * i);
    }
    double[] pixdim = new double[8];
    for (int i = 0; i < 8; i++) {
      pixdim[i] = h.getDouble(104 + 8 * i);
    }
    double[] srow = new double[12];
    for (int i = 0; i < 12; i++) {
      srow[i] = h.getDouble(400 + 8 * i);
    }
    return build(name, 2, h.order(), dim, h.getShort(12), h.getShort(14), pixdim, h.getLong(168),
        h.getDouble(176), h.getDouble(184), h.getInt(344), h.getInt(348),
        new double[] {h.getDouble(352), h.getDouble(360), h.getDouble(368)},
        new double[] {h.getDouble(376), h.getDouble(384), h.getDouble(392)}, srow,
        h.getInt(500), cString(h, 240, 80));
  }

  private static NiftiHeader build(String name, int version, ByteOrder order, long[] dim,
      int datatype, int bitpix, double[] pixdim, double voxOffset, double slope, double inter,
      int qformCode, int sformCode, double[] quatern, double[] qoffset, double[] srow,
      int xyztUnits, String description) throws IOException {
    int headerBytes = version == 1 ? NIFTI1_HEADER_BYTES : NIFTI2_HEADER_BYTES;
    if (dim[0] < 1 || dim[0] > 7) {
      throw new NiftiException(name, "dim[0] is " + dim[0]
          + ", the number of dimensions must be 1..7; the header is corrupt");
    }
    int ndim = (int) dim[0];
    long[] dims = Arrays.copyOfRange(dim, 1, ndim + 1);
    for (int i = 0; i < ndim; i++) {
      if (dims[i] < 1) {
        throw new NiftiException(name, "dim[" + (i + 1) + "] is " + dims[i]
            + " in dims " + Arrays.toString(dims) + ", every dimension must be at least 1; the header is corrupt");
      }
    }
    if (NiftiDatatype.ofCode(datatype).isEmpty()) {
      throw new NiftiException(name, "datatype " + datatype + " (" + NiftiDatatype.nameOf(datatype)
          + ") is not supported; convert the image to one of " + NiftiDatatype.supportedList());
    }
    if (Double.isNaN(voxOffset) || voxOffset < headerBytes || voxOffset != Math.rint(voxOffset)) {
      throw new NiftiException(name, "vox_offset is " + voxOffset + ", expected a whole number >= "
          + headerBytes + " (the header size); the header is corrupt");
    }
    if (Double.isInfinite(slope) || Double.isInfinite(inter)) {
      throw new NiftiException(name, "scl_slope " + slope + " / scl_inter " + inter
          + " is infinite; fix the scaling fields of the header");
    }
    return new NiftiHeader(version, order, dims, datatype, bitpix, pixdim, (long) voxOffset, slope,
        inter, qformCode, sformCode, quatern, qoffset, srow, xyztUnits, description, false);
  }

  /**
   * A NIfTI-1 float32 geometry field as the double of its shortest decimal form (0.7f gives 0.7,
   * not 0.699999988...), so spacings and affines written from decimal values read back equal.
   * The difference is below float32 precision. Scaling fields keep their exact float value.
   */
  private static double decimal(float v) {
    return Float.isFinite(v) ? Double.parseDouble(Float.toString(v)) : v;
  }

  private static String cString(ByteBuffer h, int offset, int length) {
    byte[] b = new byte[length];
    h.get(offset, b);
    int end = 0;
    while (end < length && b[end] != 0) {
      end++;
    }
    return new String(b, 0, end, StandardCharsets.ISO_8859_1);
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return sb.toString();
  }
}
