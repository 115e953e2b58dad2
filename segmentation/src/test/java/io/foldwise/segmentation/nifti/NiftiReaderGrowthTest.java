package io.foldwise.segmentation.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** Streams of unknown length: the result array grows as voxels arrive and holds them all. */
class NiftiReaderGrowthTest {
  @Test
  void capacityDoublesUntilAnEighthHasArrivedThenJumpsToTheFullSize() {
    int m = 1 << 20;
    assertEquals(8 * m, NiftiReader.grownCapacity(4 * m, 4 * m + 1000, 80L * m));
    assertEquals(16 * m, NiftiReader.grownCapacity(8 * m, 8 * m + 1000, 80L * m));
    assertEquals(80 * m, NiftiReader.grownCapacity(16 * m, 16 * m + 1000, 80L * m));
    assertEquals(5 * m, NiftiReader.grownCapacity(4 * m, 4 * m + 1000, 5L * m));
  }

  @Test
  void aStreamLargerThanTheFirstAllocationReadsCompletely() throws Exception {
    RawNifti raw = new RawNifti();
    raw.datatype = 2;
    raw.dim = new long[] {3, 256, 256, 80, 1, 1, 1, 1}; // 5.2M voxels > the first 4M allocation
    int n = 256 * 256 * 80;
    raw.values = new double[n];
    for (int i = 0; i < n; i++) {
      raw.values[i] = i % 251;
    }
    NiftiImage image = Nifti.read(new ByteArrayInputStream(raw.gzipped()), "big.nii.gz", NiftiReadOptions.defaults());
    float[] d = image.data();
    assertEquals(n, d.length);
    for (int i = 0; i < n; i += 4099) {
      assertEquals(i % 251, d[i], "voxel " + i);
    }
    assertEquals((n - 1) % 251, d[n - 1]);
  }
}
