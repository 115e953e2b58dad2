package io.foldwise.segmentation.nifti;

/**
 * Limits for reading a NIfTI file.
 *
 * @param maxVoxels the largest voxel count accepted (all dimensions multiplied); a header asking
 *     for more is rejected before any voxel memory is allocated (decompression bombs, corrupt dims)
 * @param rejectNonFinite when true, NaN or infinite voxels are an error; when false they are
 *     counted in {@link NiftiImage#nonFiniteCount()}
 */
public record NiftiReadOptions(long maxVoxels, boolean rejectNonFinite) {
  /** The default voxel limit: 512 x 512 x 1024. */
  public static final long DEFAULT_MAX_VOXELS = 512L * 512 * 1024;

  public NiftiReadOptions {
    if (maxVoxels <= 0) {
      throw new IllegalArgumentException("maxVoxels must be positive, got " + maxVoxels);
    }
  }

  /** 512 x 512 x 1024 voxels at most; NaN or infinite voxels rejected. */
  public static NiftiReadOptions defaults() {
    return new NiftiReadOptions(DEFAULT_MAX_VOXELS, true);
  }

  /** The same options with another voxel limit. */
  public NiftiReadOptions withMaxVoxels(long newMaxVoxels) {
    return new NiftiReadOptions(newMaxVoxels, rejectNonFinite);
  }

  /** The same options with NaN/Inf rejected ({@code true}) or only counted ({@code false}). */
  public NiftiReadOptions withRejectNonFinite(boolean reject) {
    return new NiftiReadOptions(maxVoxels, reject);
  }
}
