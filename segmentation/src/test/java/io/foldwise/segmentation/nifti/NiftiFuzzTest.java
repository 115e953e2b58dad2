package io.foldwise.segmentation.nifti;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random corruption of valid files: every read either succeeds or fails with a
 * NiftiException naming the stream; nothing else escapes (no crash, no OutOfMemoryError).
 */
class NiftiFuzzTest {
  @ParameterizedTest(name = "NIfTI-{0}")
  @ValueSource(ints = {1, 2})
  void corruptedHeadersFailCleanly(int version) {
    SplittableRandom rng = new SplittableRandom(20261127L + version);
    RawNifti raw = new RawNifti();
    raw.version = version;
    raw.extensions = new byte[16];
    byte[] valid = raw.bytes();
    int headerBytes = raw.headerBytes() + 4;
    NiftiReadOptions options = new NiftiReadOptions(1 << 12, true);
    int failures = 0;
    for (int trial = 0; trial < 1500; trial++) {
      byte[] bytes = valid.clone();
      int flips = 1 + rng.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = rng.nextInt(headerBytes);
        bytes[at] = (byte) rng.nextInt(256);
      }
      if (rng.nextInt(4) == 0) {
        bytes = java.util.Arrays.copyOf(bytes, rng.nextInt(bytes.length + 1));
      }
      try {
        NiftiImage image = Nifti.read(new ByteArrayInputStream(bytes), "fuzz.nii", options);
        if (image.is3d()) {
          try {
            image.toImageVolume();
          } catch (NiftiException e) {
            assertTrue(e.getMessage().startsWith("fuzz.nii: "), e.getMessage());
          }
        }
      } catch (NiftiException e) {
        assertTrue(e.getMessage().startsWith("fuzz.nii: "), e.getMessage());
        failures++;
      } catch (Throwable t) {
        fail("trial " + trial + ": " + t, t);
      }
      try {
        Nifti.readLabels(new ByteArrayInputStream(bytes), "fuzz.nii", options);
      } catch (NiftiException e) {
        assertTrue(e.getMessage().startsWith("fuzz.nii: "), e.getMessage());
      } catch (Throwable t) {
        fail("trial " + trial + " (labels): " + t, t);
      }
    }
    assertTrue(failures > 50, "the corruption should break many reads, broke " + failures);
  }
}
