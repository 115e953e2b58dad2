package io.foldwise.segmentation.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * A test-side NIfTI-1/NIfTI-2 byte writer, independent of the production writer, for datatypes,
 * byte orders, versions, extensions and broken headers the production writer never produces.
 * Fields are public and mutable on purpose: tests set exactly what they need to break.
 */
final class RawNifti {
  int version = 1;
  ByteOrder order = ByteOrder.LITTLE_ENDIAN;
  long[] dim = {3, 2, 3, 4, 1, 1, 1, 1};
  int datatype = 4;
  double[] pixdim = {1, 1.5, 2.0, 3.0, 1, 1, 1, 1};
  double voxOffset = -1; // -1: header size + 4
  double slope = 1;
  double inter = 0;
  int qformCode = 0;
  int sformCode = 1;
  double[] srow = {1.5, 0, 0, -10, 0, 2, 0, -20, 0, 0, 3, -30};
  double[] quatern = {0, 0, 0};
  double[] qoffset = {0, 0, 0};
  String magic = null; // null: the right one for the version
  byte[] extensions = new byte[0]; // placed after the 4-byte extension flag
  double[] values = null; // voxel values to encode; null: 0, 1, 2, ...

  int headerBytes() {
    return version == 1 ? 348 : 540;
  }

  long voxelCount() {
    long n = 1;
    for (int i = 1; i <= dim[0]; i++) {
      n *= dim[i];
    }
    return n;
  }

  /** The file bytes. */
  byte[] bytes() {
    int offset = voxOffset >= 0 ? (int) voxOffset : headerBytes() + 4 + extensions.length;
    int bytesPerVoxel = bytesPer(datatype);
    long n = values != null ? values.length : voxelCount();
    ByteBuffer b = ByteBuffer.allocate((int) (Math.max(offset, headerBytes() + 4 + extensions.length) + n * bytesPerVoxel))
        .order(order);
    if (version == 1) {
      header1(b);
    } else {
      header2(b);
    }
    if (extensions.length > 0) {
      b.put(headerBytes(), (byte) 1);
      b.put(headerBytes() + 4, extensions);
    }
    b.position(Math.max(offset, headerBytes() + 4 + extensions.length));
    for (long i = 0; i < n; i++) {
      double v = values != null ? values[(int) i] : i;
      switch (datatype) {
        case 2, 256 -> b.put((byte) (long) v);
        case 4, 512 -> b.putShort((short) (long) v);
        case 8, 768 -> b.putInt((int) (long) v);
        case 16 -> b.putFloat((float) v);
        case 64 -> b.putDouble(v);
        default -> b.putShort((short) 0);
      }
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  byte[] gzipped() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(bytes());
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void header1(ByteBuffer b) {
    b.putInt(0, 348);
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, (short) dim[i]);
    }
    b.putShort(70, (short) datatype);
    b.putShort(72, (short) (bytesPer(datatype) * 8));
    for (int i = 0; i < 8; i++) {
      b.putFloat(76 + 4 * i, (float) pixdim[i]);
    }
    b.putFloat(108, (float) (voxOffset >= 0 ? voxOffset : headerBytes() + 4 + extensions.length));
    b.putFloat(112, (float) slope);
    b.putFloat(116, (float) inter);
    b.put(123, (byte) 2);
    b.putShort(252, (short) qformCode);
    b.putShort(254, (short) sformCode);
    for (int i = 0; i < 3; i++) {
      b.putFloat(256 + 4 * i, (float) quatern[i]);
      b.putFloat(268 + 4 * i, (float) qoffset[i]);
    }
    for (int i = 0; i < 12; i++) {
      b.putFloat(280 + 4 * i, (float) srow[i]);
    }
    byte[] m = (magic != null ? magic : "n+1\0").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    b.put(344, Arrays.copyOf(m, 4));
  }

  private void header2(ByteBuffer b) {
    b.putInt(0, 540);
    byte[] m = magic != null ? magic.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)
        : new byte[] {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'};
    b.put(4, Arrays.copyOf(m, 8));
    b.putShort(12, (short) datatype);
    b.putShort(14, (short) (bytesPer(datatype) * 8));
    for (int i = 0; i < 8; i++) {
      b.putLong(16 + 8 * i, dim[i]);
      b.putDouble(104 + 8 * i, pixdim[i]);
    }
    b.putLong(168, (long) (voxOffset >= 0 ? voxOffset : headerBytes() + 4 + extensions.length));
    b.putDouble(176, slope);
    b.putDouble(184, inter);
    b.putInt(344, qformCode);
    b.putInt(348, sformCode);
    for (int i = 0; i < 3; i++) {
      b.putDouble(352 + 8 * i, quatern[i]);
      b.putDouble(376 + 8 * i, qoffset[i]);
    }
    for (int i = 0; i < 12; i++) {
      b.putDouble(400 + 8 * i, srow[i]);
    }
    b.putInt(500, 2);
  }

  static int bytesPer(int datatype) {
    return switch (datatype) {
      case 2, 256 -> 1;
      case 4, 512 -> 2;
      case 8, 768, 16 -> 4;
      case 64 -> 8;
      default -> 2;
    };
  }
}
