package io.foldwise.unet.predict;

import io.foldwise.segmentation.nifti.NiftiException;
import io.foldwise.segmentation.nifti.NiftiImage;
import io.foldwise.segmentation.volume.ImageVolume;
import java.util.Arrays;

/**
 * Whether a scan as read (NaN and infinite voxels counted, not rejected) is one a U-Net can segment: a 3D
 * volume (trailing dimensions of size 1 allowed) of finite intensities. The messages start with the
 * scan's name and say what to do.
 */
public final class ScanCheck {
  private ScanCheck() {}

  /** The scan as a volume, or an {@link IllegalArgumentException} saying why the model cannot take it. */
  public static ImageVolume volume(NiftiImage scan) {
    long[] dims = scan.header().dims();
    if (dims.length < 3) {
      throw new IllegalArgumentException(scan.name() + ": is " + dims.length + "D with dims " + Arrays.toString(dims)
          + "; the model segments 3D volumes (x, y, z): give it a 3D scan");
    }
    if (!scan.is3d()) {
      throw new IllegalArgumentException(scan.name() + ": is " + dims.length + "D with dims " + Arrays.toString(dims)
          + "; the model segments 3D volumes (x, y, z): split it into 3D volumes first");
    }
    if (scan.nonFiniteCount() > 0) {
      float[] data = scan.data();
      int first = 0;
      while (Float.isFinite(data[first])) {
        first++;
      }
      int nx = (int) dims[0];
      int ny = (int) dims[1];
      throw new IllegalArgumentException(scan.name() + ": " + scan.nonFiniteCount() + " voxels are NaN or infinite "
          + "(first at voxel (" + first % nx + ", " + (first / nx) % ny + ", " + first / (nx * ny) + "), value "
          + data[first] + "); the model needs finite intensities: replace them and predict again");
    }
    try {
      return scan.toImageVolume();
    } catch (NiftiException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
