package io.foldwise.segmentation.nifti;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.util.Objects;

/**
 * A NIfTI file as read: its header and all voxels as float after {@code scl_slope}/{@code
 * scl_inter}, x fastest (then y, z, t, ...). Files of any dimension up to 7 can be held; only 3D
 * ones (trailing dimensions of size 1 allowed) convert to volumes.
 */
public final class NiftiImage {
  private final String name;
  private final NiftiHeader header;
  private final float[] data;
  private final long nonFiniteCount;

  NiftiImage(String name, NiftiHeader header, float[] data, long nonFiniteCount) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.header = Objects.requireNonNull(header, "header == null");
    this.data = Objects.requireNonNull(data, "data == null");
    this.nonFiniteCount = nonFiniteCount;
  }

  /** The file or stream name the image was read from (used in error messages). */
  public String name() {
    return name;
  }

  public NiftiHeader header() {
    return header;
  }

  /** All voxels after scaling, x fastest. Shared, not copied: do not modify. */
  public float[] data() {
    return data;
  }

  /** Number of NaN or infinite voxels (0 when the read options reject them). */
  public long nonFiniteCount() {
    return nonFiniteCount;
  }

  /** True when every dimension after the third is 1, so the image is a 3D volume. */
  public boolean is3d() {
    long[] dims = header.dims();
    for (int i = 3; i < dims.length; i++) {
      if (dims[i] != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * The volume's geometry: shape from the first three dims (missing ones are 1), spacing
   * {@code |pixdim[1..3]|}, affine from sform, else qform, else pixdim.
   *
   * @throws NiftiException when the image is not 3D or its spacing or affine is unusable
   */
  public Geometry geometry() throws NiftiException {
    return NiftiGeometry.of(name, header);
  }

  /** The voxels as an image volume (the array is shared). */
  public ImageVolume toImageVolume() throws NiftiException {
    return new ImageVolume(geometry(), data);
  }

  /**
   * The voxels as a label map: every value must be a whole number 0..127.
   *
   * @throws NiftiException naming the first offending voxel and its value
   */
  public LabelVolume toLabelVolume() throws NiftiException {
    Geometry geometry = geometry();
    byte[] labels = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      float v = data[i];
      int label = (int) v;
      if (label != v || label < 0 || label > 127) {
        throw NiftiReader.notALabel(name, i, v, header.dims());
      }
      labels[i] = (byte) label;
    }
    return new LabelVolume(geometry, labels);
  }
}
