package io.foldwise.segmentation.nifti;

import io.foldwise.segmentation.volume.Geometry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a single-file little-endian NIfTI-1 image: 348-byte header, empty extension flag, voxels
 * at offset 352. sform (code 1, scanner) is the geometry's affine; qform (code 1) is set from the
 * same affine when it has no shear, else qform_code is 0. pixdim[1..3] is the geometry's spacing;
 * xyzt_units is mm.
 */
final class NiftiWriter {
  static final int VOX_OFFSET = 352;
  private static final int CHUNK_VOXELS = 1 << 18;
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_LE =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private NiftiWriter() {}

  /** Writes header and voxels of {@code type} (uint8, int16 or float32) to {@code out}. */
  static void write(OutputStream out, String name, Geometry geometry, float[] floats, byte[] labels,
      NiftiDatatype type) throws IOException {
    out.write(header(geometry, type));
    int n = geometry.voxelCount();
    byte[] chunk = new byte[CHUNK_VOXELS * type.bytes()];
    for (int start = 0; start < n; start += CHUNK_VOXELS) {
      int count = Math.min(CHUNK_VOXELS, n - start);
      switch (type) {
        case UINT8 -> {
          if (labels != null) {
            System.arraycopy(labels, start, chunk, 0, count);
          } else {
            for (int i = 0; i < count; i++) {
              chunk[i] = (byte) checkedInteger(floats[start + i], 0, 255, start + i, geometry, name, type);
            }
          }
        }
        case INT16 -> {
          for (int i = 0; i < count; i++) {
            int v = labels != null ? labels[start + i]
                : checkedInteger(floats[start + i], Short.MIN_VALUE, Short.MAX_VALUE, start + i, geometry, name, type);
            SHORT_LE.set(chunk, i << 1, (short) v);
          }
        }
        case FLOAT32 -> {
          for (int i = 0; i < count; i++) {
            FLOAT_LE.set(chunk, i << 2, labels != null ? labels[start + i] : floats[start + i]);
          }
        }
        default -> throw new IllegalArgumentException(
            "cannot write datatype " + type.label() + ", choose uint8, int16 or float32");
      }
      out.write(chunk, 0, count * type.bytes());
    }
  }

  private static int checkedInteger(float v, int min, int max, int index, Geometry g, String name,
      NiftiDatatype type) throws NiftiException {
    int r = Math.round(v);
    if (!(v >= min && v <= max) || Math.abs(v - r) > 1e-3f) {
      throw new NiftiException(name, "cannot write voxel (" + (index % g.nx()) + ", "
          + ((index / g.nx()) % g.ny()) + ", " + (index / (g.nx() * g.ny())) + ") value " + v
          + " as " + type.label() + " (whole numbers " + min + ".." + max + "); write float32 instead");
    }
    return r;
  }

  /** The 352 header bytes (header plus a zero extension flag). */
  static byte[] header(Geometry geometry, NiftiDatatype type) {
    ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
    int[] shape = geometry.shape();
    double[] spacing = geometry.spacing();
    double[] affine = geometry.affine();
    h.putInt(0, 348);
    h.put(39, (byte) 0); // dim_info
    short[] dim = {3, (short) shape[0], (short) shape[1], (short) shape[2], 1, 1, 1, 1};
    for (int axis = 0; axis < 3; axis++) {
      if (shape[axis] > Short.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape)
            + " has an axis longer than 32767, which NIfTI-1 cannot store");
      }
    }
    for (int i = 0; i < 8; i++) {
      h.putShort(40 + 2 * i, dim[i]);
    }
    h.putShort(70, (short) type.code());
    h.putShort(72, (short) (type.bytes() * 8));
    double[] q = NiftiOrientation.affineToQform(affine);
    float[] pixdim = {q != null ? (float) q[9] : 1f, (float) spacing[0], (float) spacing[1],
        (float) spacing[2], 1f, 1f, 1f, 1f};
    for (int i = 0; i < 8; i++) {
      h.putFloat(76 + 4 * i, pixdim[i]);
    }
    h.putFloat(108, VOX_OFFSET);
    h.putFloat(112, 1f); // scl_slope
    h.putFloat(116, 0f); // scl_inter
    h.put(123, (byte) 2); // xyzt_units: mm
    byte[] descrip = "foldwise".getBytes(StandardCharsets.US_ASCII);
    h.put(148, descrip);
    if (q != null) {
      h.putShort(252, (short) 1); // qform_code: scanner
      for (int i = 0; i < 6; i++) {
        h.putFloat(256 + 4 * i, (float) q[i]);
      }
    }
    h.putShort(254, (short) 1); // sform_code: scanner
    for (int i = 0; i < 12; i++) {
      h.putFloat(280 + 4 * i, (float) affine[i]);
    }
    h.put(344, new byte[] {'n', '+', '1', 0});
    return h.array();
  }
}
