package io.foldwise.segmentation.nifti;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header that matter for reading voxels and their geometry.
 * Immutable; arrays are returned as copies. Built by the reader ({@code NiftiHeaderParser}).
 */
public final class NiftiHeader {
  private final int version;
  private final ByteOrder byteOrder;
  private final long[] dims;
  private final int datatype;
  private final int bitpix;
  private final double[] pixdim;
  private final long voxOffset;
  private final double sclSlope;
  private final double sclInter;
  private final int qformCode;
  private final int sformCode;
  private final double[] quatern;
  private final double[] qoffset;
  private final double[] srow;
  private final int xyztUnits;
  private final String description;
  private final boolean extensionFlag;

  NiftiHeader(
      int version,
      ByteOrder byteOrder,
      long[] dims,
      int datatype,
      int bitpix,
      double[] pixdim,
      long voxOffset,
      double sclSlope,
      double sclInter,
      int qformCode,
      int sformCode,
      double[] quatern,
      double[] qoffset,
      double[] srow,
      int xyztUnits,
      String description,
      boolean extensionFlag) {
    this.version = version;
    this.byteOrder = byteOrder;
    this.dims = dims.clone();
    this.datatype = datatype;
    this.bitpix = bitpix;
    this.pixdim = pixdim.clone();
    this.voxOffset = voxOffset;
    this.sclSlope = sclSlope;
    this.sclInter = sclInter;
    this.qformCode = qformCode;
    this.sformCode = sformCode;
    this.quatern = quatern.clone();
    this.qoffset = qoffset.clone();
    this.srow = srow.clone();
    this.xyztUnits = xyztUnits;
    this.description = description;
    this.extensionFlag = extensionFlag;
  }

  /** 1 for NIfTI-1 (348-byte header), 2 for NIfTI-2 (540-byte header). */
  public int version() {
    return version;
  }

  /** The byte order of header and voxels. */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /** The image dimensions {@code dim[1..dim[0]]} (x first), as stored. */
  public long[] dims() {
    return dims.clone();
  }

  /** Number of dimensions, {@code dim[0]}. */
  public int ndim() {
    return dims.length;
  }

  /** Product of all dimensions. */
  public long voxelCount() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** The NIfTI datatype code (2 uint8, 4 int16, 16 float32, ...). */
  public int datatype() {
    return datatype;
  }

  /** Bits per voxel as stored in the header. */
  public int bitpix() {
    return bitpix;
  }

  /** All eight {@code pixdim} entries; {@code pixdim[0]} is qfac, {@code pixdim[1..3]} the spacing. */
  public double[] pixdim() {
    return pixdim.clone();
  }

  /** Voxel spacing of the first three axes: {@code |pixdim[1..3]|}, in the file's units (mm). */
  public double[] spacing() {
    return new double[] {Math.abs(pixdim[1]), Math.abs(pixdim[2]), Math.abs(pixdim[3])};
  }

  /** Byte offset of the voxel data in the (decompressed) file. */
  public long voxOffset() {
    return voxOffset;
  }

  /** {@code scl_slope} as stored (0 or NaN mean no scaling). */
  public double sclSlope() {
    return sclSlope;
  }

  /** {@code scl_inter} as stored. */
  public double sclInter() {
    return sclInter;
  }

  /** True when voxels are scaled: slope is neither 0 nor NaN and (slope, inter) is not (1, 0). */
  public boolean isScaled() {
    double slope = effectiveSlope();
    return slope != 1.0 || effectiveInter() != 0.0;
  }

  /** The slope applied to stored values: {@code scl_slope}, or 1 when it is 0 or NaN. */
  public double effectiveSlope() {
    return (sclSlope == 0.0 || Double.isNaN(sclSlope)) ? 1.0 : sclSlope;
  }

  /** The intercept applied: {@code scl_inter}, or 0 when scaling is off or it is NaN. */
  public double effectiveInter() {
    if (sclSlope == 0.0 || Double.isNaN(sclSlope) || Double.isNaN(sclInter)) {
      return 0.0;
    }
    return sclInter;
  }

  public int qformCode() {
    return qformCode;
  }

  public int sformCode() {
    return sformCode;
  }

  /** Quaternion parameters b, c, d of the qform. */
  public double[] quatern() {
    return quatern.clone();
  }

  /** qform offsets x, y, z. */
  public double[] qoffset() {
    return qoffset.clone();
  }

  /** The three sform rows {@code srow_x, srow_y, srow_z}, 12 values. */
  public double[] srow() {
    return srow.clone();
  }

  /**
   * The 4x4 voxel-to-world affine, row major: sform when {@code sform_code > 0}, else qform when
   * {@code qform_code > 0}, else the pixdim diagonal.
   */
  public double[] affine() {
    if (sformCode > 0) {
      double[] a = new double[16];
      System.arraycopy(srow, 0, a, 0, 12);
      a[15] = 1;
      return a;
    }
    if (qformCode > 0) {
      return NiftiOrientation.qformToAffine(quatern, qoffset, pixdim);
    }
    double[] a = new double[16];
    a[0] = pixdim[1];
    a[5] = pixdim[2];
    a[10] = pixdim[3];
    a[15] = 1;
    return a;
  }

  /** {@code xyzt_units}: spatial units in bits 0-2 (2 = mm), temporal in bits 3-5. */
  public int xyztUnits() {
    return xyztUnits;
  }

  /** {@code descrip}, trimmed at the first NUL. */
  public String description() {
    return description;
  }

  /** True when the NIfTI-1/2 extension flag ({@code extension[0]}) is set. */
  public boolean hasExtensions() {
    return extensionFlag;
  }

  NiftiHeader withExtensionFlag(boolean flag) {
    return new NiftiHeader(version, byteOrder, dims, datatype, bitpix, pixdim, voxOffset, sclSlope,
        sclInter, qformCode, sformCode, quatern, qoffset, srow, xyztUnits, description, flag);
  }

  @Override
  public String toString() {
    return "NiftiHeader{version=" + version + ", " + byteOrder + ", dims=" + Arrays.toString(dims)
        + ", datatype=" + datatype + " (" + NiftiDatatype.nameOf(datatype) + "), pixdim="
        + Arrays.toString(pixdim) + ", voxOffset=" + voxOffset + "}";
  }
}
