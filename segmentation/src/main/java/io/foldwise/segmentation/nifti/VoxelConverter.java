package io.foldwise.segmentation.nifti;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Bulk conversion of stored voxel bytes to float, with scaling, for one datatype and byte order. */
final class VoxelConverter {
  private static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle FLOAT_LE = view(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_BE = view(float[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle DOUBLE_LE = view(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE_BE = view(double[].class, ByteOrder.BIG_ENDIAN);

  private final NiftiDatatype type;
  private final boolean little;
  private final boolean scaled;
  private final double slope;
  private final double inter;

  VoxelConverter(NiftiDatatype type, ByteOrder order, double slope, double inter) {
    this.type = type;
    this.little = order == ByteOrder.LITTLE_ENDIAN;
    this.slope = slope;
    this.inter = inter;
    this.scaled = slope != 1.0 || inter != 0.0;
  }

  private static VarHandle view(Class<?> arrayType, ByteOrder order) {
    return MethodHandles.byteArrayViewVarHandle(arrayType, order);
  }

  /** Converts {@code count} voxels from {@code src[0..]} into {@code dst[dstPos..]}. */
  void convert(byte[] src, int count, float[] dst, int dstPos) {
    switch (type) {
      case UINT8 -> {
        for (int i = 0; i < count; i++) {
          dst[dstPos + i] = scale(src[i] & 0xff);
        }
      }
      case INT8 -> {
        for (int i = 0; i < count; i++) {
          dst[dstPos + i] = scale(src[i]);
        }
      }
      case INT16 -> {
        if (little) {
          for (int i = 0; i < count; i++) {
            dst[dstPos + i] = scale((short) SHORT_LE.get(src, i << 1));
          }
        } else {
          for (int i = 0; i < count; i++) {
            dst[dstPos + i] = scale((short) SHORT_BE.get(src, i << 1));
          }
        }
      }
      case UINT16 -> {
        if (little) {
          for (int i = 0; i < count; i++) {
            dst[dstPos + i] = scale(((short) SHORT_LE.get(src, i << 1)) & 0xffff);
          }
        } else {
          for (int i = 0; i < count; i++) {
            dst[dstPos + i] = scale(((short) SHORT_BE.get(src, i << 1)) & 0xffff);
          }
        }
      }
      case INT32 -> {
        for (int i = 0; i < count; i++) {
          int v = little ? (int) INT_LE.get(src, i << 2) : (int) INT_BE.get(src, i << 2);
          dst[dstPos + i] = scale((double) v);
        }
      }
      case UINT32 -> {
        for (int i = 0; i < count; i++) {
          int v = little ? (int) INT_LE.get(src, i << 2) : (int) INT_BE.get(src, i << 2);
          dst[dstPos + i] = scale((double) Integer.toUnsignedLong(v));
        }
      }
      case FLOAT32 -> {
        for (int i = 0; i < count; i++) {
          float v = little ? (float) FLOAT_LE.get(src, i << 2) : (float) FLOAT_BE.get(src, i << 2);
          dst[dstPos + i] = scaled ? (float) (v * slope + inter) : v;
        }
      }
      case FLOAT64 -> {
        for (int i = 0; i < count; i++) {
          double v = little ? (double) DOUBLE_LE.get(src, i << 3) : (double) DOUBLE_BE.get(src, i << 3);
          dst[dstPos + i] = (float) (scaled ? v * slope + inter : v);
        }
      }
      default -> throw new IllegalStateException("unhandled datatype " + type);
    }
  }

  /** The scaled value of voxel {@code k} of {@code src} in double precision (for messages). */
  double valueAt(byte[] src, int k) {
    double v = switch (type) {
      case UINT8 -> src[k] & 0xff;
      case INT8 -> src[k];
      case INT16 -> little ? (short) SHORT_LE.get(src, k << 1) : (short) SHORT_BE.get(src, k << 1);
      case UINT16 -> (little ? (short) SHORT_LE.get(src, k << 1) : (short) SHORT_BE.get(src, k << 1)) & 0xffff;
      case INT32 -> little ? (int) INT_LE.get(src, k << 2) : (int) INT_BE.get(src, k << 2);
      case UINT32 -> Integer.toUnsignedLong(little ? (int) INT_LE.get(src, k << 2) : (int) INT_BE.get(src, k << 2));
      case FLOAT32 -> little ? (float) FLOAT_LE.get(src, k << 2) : (float) FLOAT_BE.get(src, k << 2);
      case FLOAT64 -> little ? (double) DOUBLE_LE.get(src, k << 3) : (double) DOUBLE_BE.get(src, k << 3);
    };
    return scaled ? v * slope + inter : v;
  }

  private float scale(int v) {
    return scaled ? (float) (v * slope + inter) : (float) v;
  }

  private float scale(double v) {
    return (float) (scaled ? v * slope + inter : v);
  }
}
