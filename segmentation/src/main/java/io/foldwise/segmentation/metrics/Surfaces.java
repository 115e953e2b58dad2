package io.foldwise.segmentation.metrics;

/** Boundary voxels of a binary mask: mask voxels with a 6-neighbour outside the mask or the grid. */
final class Surfaces {
  private Surfaces() {}

  static boolean[] boundary(boolean[] mask, int nx, int ny, int nz) {
    boolean[] surface = new boolean[mask.length];
    int plane = nx * ny;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        int row = nx * y + plane * z;
        for (int x = 0; x < nx; x++) {
          int i = row + x;
          if (!mask[i]) {
            continue;
          }
          surface[i] = x == 0 || x == nx - 1 || y == 0 || y == ny - 1 || z == 0 || z == nz - 1
              || !mask[i - 1] || !mask[i + 1] || !mask[i - nx] || !mask[i + nx]
              || !mask[i - plane] || !mask[i + plane];
        }
      }
    }
    return surface;
  }
}
