package io.foldwise.segmentation.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of broken input gets a NiftiException with an exact, actionable message. */
class NiftiBadInputTest {
  @TempDir Path dir;

  private String failureOf(String name, byte[] bytes) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return assertThrows(NiftiException.class, () -> Nifti.read(file)).getMessage();
  }

  private String streamFailureOf(byte[] bytes, NiftiReadOptions options) {
    return assertThrows(NiftiException.class,
        () -> Nifti.read(new ByteArrayInputStream(bytes), "s.nii", options)).getMessage();
  }

  @Test
  void emptyFile() throws Exception {
    assertEquals(dir.resolve("e.nii") + ": file has only 0 bytes, not a NIfTI header;"
        + " check that it is a .nii or .nii.gz file", failureOf("e.nii", new byte[0]));
  }

  @Test
  void missingFileAndDirectory() throws Exception {
    Path missing = dir.resolve("missing.nii.gz");
    assertEquals(missing + ": no such file; check the path",
        assertThrows(NiftiException.class, () -> Nifti.read(missing)).getMessage());
    assertEquals(dir + ": is a directory, not a NIfTI file; give the path of a .nii or .nii.gz file",
        assertThrows(NiftiException.class, () -> Nifti.read(dir)).getMessage());
  }

  @Test
  void wrongSizeofHdr() throws Exception {
    byte[] text = "hello, this is not an image at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(dir.resolve("t.nii") + ": not a NIfTI file: sizeof_hdr is 1819043176, expected 348"
        + " (NIfTI-1) or 540 (NIfTI-2); check that it is a .nii or .nii.gz image", failureOf("t.nii", text));
  }

  @Test
  void wrongMagicNifti1() throws Exception {
    RawNifti raw = new RawNifti();
    raw.magic = "abc\0";
    assertEquals(dir.resolve("m.nii") + ": not a NIfTI-1 file: magic is \"abc\", expected \"n+1\""
        + " (an ANALYZE 7.5 header has none); convert it to NIfTI", failureOf("m.nii", raw.bytes()));
    raw.magic = "\0\0\0\0";
    assertEquals("s.nii: not a NIfTI-1 file: magic is \"\", expected \"n+1\""
        + " (an ANALYZE 7.5 header has none); convert it to NIfTI", streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void twoFileNifti() {
    RawNifti raw = new RawNifti();
    raw.magic = "ni1\0";
    assertEquals("s.nii: two-file NIfTI-1 (.hdr/.img, magic \"ni1\") is not supported;"
        + " convert it to a single-file .nii or .nii.gz", streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void nifti2MagicDamagedByATextModeCopy() {
    RawNifti raw = new RawNifti();
    raw.version = 2;
    raw.magic = "n+2\0\n\n\032\n";
    assertEquals("s.nii: not a NIfTI-2 file: magic is \"n+2\" followed by [10, 10, 26, 10], expected"
        + " \"n+2\" and [13, 10, 26, 10]; the file may have been corrupted by a text-mode copy",
        streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void truncatedHeader() throws Exception {
    byte[] bytes = Arrays.copyOf(new RawNifti().bytes(), 200);
    assertEquals(dir.resolve("h.nii") + ": truncated header: 200 of 348 bytes present; the file is"
        + " incomplete, download or copy it again", failureOf("h.nii", bytes));
  }

  @Test
  void truncatedDataInAnUncompressedFileIsFoundFromItsSize() throws Exception {
    byte[] bytes = new RawNifti().bytes(); // 2x3x4 int16 at offset 352 = 400 bytes
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 10);
    assertEquals(dir.resolve("c.nii") + ": truncated: dims [2, 3, 4] of int16 need 400 bytes"
        + " (vox_offset 352 + 48 of voxels), the file has 390; the file is incomplete, download or copy it again",
        failureOf("c.nii", cut));
  }

  @Test
  void truncatedDataInAStream() {
    byte[] bytes = new RawNifti().bytes();
    assertEquals("s.nii: truncated voxel data: 38 of 48 bytes present (dims [2, 3, 4], int16);"
        + " the file is incomplete, download or copy it again",
        streamFailureOf(Arrays.copyOf(bytes, bytes.length - 10), NiftiReadOptions.defaults()));
  }

  @Test
  void truncatedGzipData() throws Exception {
    RawNifti raw = new RawNifti();
    raw.dim = new long[] {3, 64, 64, 16, 1, 1, 1, 1};
    byte[] gz = raw.gzipped();
    assertEquals(dir.resolve("g.nii.gz") + ": corrupt or truncated gzip data (Unexpected end of ZLIB"
        + " input stream); the file is incomplete or damaged, download or copy it again",
        failureOf("g.nii.gz", Arrays.copyOf(gz, gz.length / 2)));
  }

  @Test
  void extensionsRunningPastTheEndOfTheStream() {
    RawNifti raw = new RawNifti();
    raw.voxOffset = 4096;
    byte[] bytes = Arrays.copyOf(raw.bytes(), 1000);
    assertEquals("s.nii: truncated: the file ends before vox_offset 4096 where the voxels start;"
        + " the file is incomplete, download or copy it again", streamFailureOf(bytes, NiftiReadOptions.defaults()));
  }

  @Test
  void dimsWhoseProductOverflows() {
    RawNifti raw = new RawNifti();
    raw.version = 2;
    raw.dim = new long[] {3, 1L << 31, 1L << 31, 1L << 31, 1, 1, 1, 1};
    raw.values = new double[4];
    assertEquals("s.nii: dims [2147483648, 2147483648, 2147483648] multiply to more voxels than a"
        + " 64-bit count holds; the header is corrupt", streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void decompressionBombIsRejectedBeforeAllocating() throws Exception {
    // a 2048^3 int16 header (16 GiB of voxels) in a file of a few hundred bytes
    RawNifti raw = new RawNifti();
    raw.dim = new long[] {3, 2048, 2048, 2048, 1, 1, 1, 1};
    raw.values = new double[4];
    assertEquals(dir.resolve("bomb.nii.gz") + ": dims [2048, 2048, 2048] make 8589934592 voxels, more than"
        + " the limit of 268435456; if the image is genuine, raise NiftiReadOptions.maxVoxels (else the"
        + " header is corrupt or the file is a decompression bomb)", failureOf("bomb.nii.gz", raw.gzipped()));
  }

  @Test
  void configurableVoxelLimit() {
    RawNifti raw = new RawNifti(); // 24 voxels
    assertEquals("s.nii: dims [2, 3, 4] make 24 voxels, more than the limit of 23; if the image is"
        + " genuine, raise NiftiReadOptions.maxVoxels (else the header is corrupt or the file is a"
        + " decompression bomb)", streamFailureOf(raw.bytes(), new NiftiReadOptions(23, true)));
  }

  @Test
  void moreVoxelsThanAnArrayHoldsEvenWithARaisedLimit() {
    RawNifti raw = new RawNifti();
    raw.dim = new long[] {3, 32767, 32767, 4, 1, 1, 1, 1};
    raw.values = new double[4];
    assertEquals("s.nii: dims [32767, 32767, 4] make 4294705156 voxels, more than one Java array holds;"
        + " crop or split the image first", streamFailureOf(raw.bytes(), new NiftiReadOptions(Long.MAX_VALUE, true)));
  }

  @Test
  void claimedSizeLargerThanTheDataIsNotAllocatedUpFront() {
    // 200M voxels claimed (under the limit), 4 present: fails on the missing data, not with OutOfMemoryError
    RawNifti raw = new RawNifti();
    raw.datatype = 2;
    raw.dim = new long[] {3, 1000, 1000, 200, 1, 1, 1, 1};
    raw.values = new double[4];
    assertEquals("s.nii: truncated voxel data: 4 of 200000000 bytes present (dims [1000, 1000, 200],"
        + " uint8); the file is incomplete, download or copy it again",
        streamFailureOf(raw.gzipped(), NiftiReadOptions.defaults()));
  }

  @Test
  void unsupportedDatatypes() {
    RawNifti raw = new RawNifti();
    raw.datatype = 32;
    assertEquals("s.nii: datatype 32 (complex64) is not supported; convert the image to one of uint8,"
        + " int16, int32, float32, float64, int8, uint16, uint32", streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
    raw.datatype = 1234;
    assertEquals("s.nii: datatype 1234 (not a NIfTI datatype) is not supported; convert the image to one"
        + " of uint8, int16, int32, float32, float64, int8, uint16, uint32", streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void badDimensionCounts() {
    RawNifti raw = new RawNifti();
    raw.dim = new long[] {0, 2, 3, 4, 1, 1, 1, 1};
    assertEquals("s.nii: dim[0] is 0, the number of dimensions must be 1..7; the header is corrupt",
        streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
    raw.dim = new long[] {3, 2, 0, 4, 1, 1, 1, 1};
    raw.values = new double[0];
    assertEquals("s.nii: dim[2] is 0 in dims [2, 0, 4], every dimension must be at least 1; the header is corrupt",
        streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void badVoxOffset() {
    RawNifti raw = new RawNifti();
    raw.voxOffset = 100;
    assertEquals("s.nii: vox_offset is 100.0, expected a whole number >= 348 (the header size);"
        + " the header is corrupt", streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
    raw.voxOffset = 352.5;
    assertEquals("s.nii: vox_offset is 352.5, expected a whole number >= 348 (the header size);"
        + " the header is corrupt", streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void infiniteScaling() {
    RawNifti raw = new RawNifti();
    raw.slope = Double.POSITIVE_INFINITY;
    assertEquals("s.nii: scl_slope Infinity / scl_inter 0.0 is infinite; fix the scaling fields of the header",
        streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void nonFiniteFloatsAreRejectedByDefault() {
    RawNifti raw = new RawNifti();
    raw.datatype = 16;
    raw.values = new double[24];
    raw.values[7] = Double.POSITIVE_INFINITY;
    raw.values[9] = Double.NaN;
    assertEquals("s.nii: 2 voxels are NaN or infinite (first at voxel (1, 0, 1), value Infinity); fix the"
        + " file, or read it with rejectNonFinite=false to only count them",
        streamFailureOf(raw.bytes(), NiftiReadOptions.defaults()));
  }

  @Test
  void float64OutsideTheFloat32Range() {
    RawNifti raw = new RawNifti();
    raw.datatype = 64;
    raw.values = new double[24];
    raw.values[5] = -1e300;
    assertEquals("s.nii: voxel (1, 2, 0) has value -1.0E300, outside the float32 range voxels are held"
        + " in (about ±3.4e38); rescale the image or fix scl_slope/scl_inter",
        streamFailureOf(raw.bytes(), NiftiReadOptions.defaults().withRejectNonFinite(false)));
  }

  @Test
  void zeroSpacingOnARealAxis() throws Exception {
    RawNifti raw = new RawNifti();
    raw.pixdim = new double[] {1, 1, 0, 1, 1, 1, 1, 1};
    NiftiImage image = Nifti.read(new ByteArrayInputStream(raw.bytes()), "s.nii", NiftiReadOptions.defaults());
    assertEquals("s.nii: pixdim[2] is 0.0, voxel spacing must be positive and finite; fix the header's pixdim",
        assertThrows(NiftiException.class, image::toImageVolume).getMessage());
  }

  @Test
  void labelsMustBeWholeNumbersFrom0To127() throws Exception {
    for (double bad : new double[] {3.5, -1, 128}) {
      RawNifti raw = new RawNifti();
      raw.datatype = 16;
      raw.values = new double[24];
      raw.values[23] = bad;
      Path file = dir.resolve("mask.nii");
      Files.write(file, raw.bytes());
      assertEquals(file + ": voxel (1, 2, 3) has value " + (float) bad + ", labels must be whole numbers"
          + " 0..127; check that this is a label (mask) file",
          assertThrows(NiftiException.class, () -> Nifti.readLabels(file)).getMessage());
    }
  }

  @Test
  void writingAnImageAsInt16NeedsWholeNumbersInRange() throws Exception {
    Geometry g = Geometry.of(new int[] {2, 2, 1}, new double[] {1, 1, 1});
    Path file = dir.resolve("ct.nii.gz");
    NiftiException e = assertThrows(NiftiException.class,
        () -> Nifti.writeImage(file, new ImageVolume(g, new float[] {0, -1024, 40000, 1}), NiftiDatatype.INT16));
    assertEquals(file + ": cannot write voxel (0, 1, 0) value 40000.0 as int16 (whole numbers"
        + " -32768..32767); write float32 instead", e.getMessage());
    assertEquals(false, Files.exists(file), "no partial file is left behind");
    try (var left = Files.list(dir)) {
      assertEquals(0, left.count(), "no temporary file is left behind");
    }
  }
}
