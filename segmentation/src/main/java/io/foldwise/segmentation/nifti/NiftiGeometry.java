package io.foldwise.segmentation.nifti;

import io.foldwise.segmentation.volume.Geometry;
import java.util.Arrays;

/** The volume geometry a NIfTI header describes, with the checks that make it usable. */
final class NiftiGeometry {
  private NiftiGeometry() {}

  /**
   * Shape from the first three dims (missing ones are 1), spacing {@code |pixdim[1..3]|} (an
   * unusable spacing on an axis of size 1 becomes 1), affine from sform, else qform, else pixdim.
   *
   * @throws NiftiException when the image is not 3D or its spacing or affine is unusable
   */
  static Geometry of(String name, NiftiHeader header) throws NiftiException {
    long[] dims = header.dims();
    for (int i = 3; i < dims.length; i++) {
      if (dims[i] != 1) {
        throw new NiftiException(name, "is " + dims.length + "D with dims " + Arrays.toString(dims)
            + ", only 3D volumes (or 4D with one time point) can be used here; split it into 3D volumes first");
      }
    }
    int[] shape = new int[3];
    double[] spacing = header.spacing();
    for (int axis = 0; axis < 3; axis++) {
      shape[axis] = axis < dims.length ? (int) dims[axis] : 1;
      double s = spacing[axis];
      if (!(s > 0) || Double.isInfinite(s)) {
        if (shape[axis] == 1) {
          spacing[axis] = 1.0;
        } else {
          throw new NiftiException(name, "pixdim[" + (axis + 1) + "] is " + header.pixdim()[axis + 1]
              + ", voxel spacing must be positive and finite; fix the header's pixdim");
        }
      }
    }
    double[] affine = header.affine();
    for (double v : affine) {
      if (!Double.isFinite(v)) {
        String source = header.sformCode() > 0 ? "sform" : header.qformCode() > 0 ? "qform" : "pixdim";
        throw new NiftiException(name, "the " + source + " affine " + Arrays.toString(affine)
            + " is not finite; fix the header's orientation fields");
      }
    }
    return Geometry.of(shape, spacing, affine);
  }
}
