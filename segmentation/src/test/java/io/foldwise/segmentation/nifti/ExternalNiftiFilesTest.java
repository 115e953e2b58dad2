package io.foldwise.segmentation.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reader against files written by other tools. Expected numbers were computed with nibabel
 * 5.4.2 ({@code np.asarray(img.dataobj)}, voxel order x fastest) and pinned here.
 */
class ExternalNiftiFilesTest {
  private static final NiftiReadOptions COUNT_NON_FINITE = NiftiReadOptions.defaults().withRejectNonFinite(false);

  private static double sum(float[] data) {
    double s = 0;
    for (float v : data) {
      if (Float.isFinite(v)) {
        s += v;
      }
    }
    return s;
  }

  private static float min(float[] data) {
    float m = Float.POSITIVE_INFINITY;
    for (float v : data) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static float max(float[] data) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : data) {
      m = Math.max(m, v);
    }
    return m;
  }

  @Test
  void nibabelNifti2WithExtensionsAndTwoTimePoints() throws Exception {
    NiftiImage image = Nifti.read(NiftiTestData.nibabel("example_nifti2.nii.gz"));
    NiftiHeader h = image.header();
    assertEquals(2, h.version());
    assertEquals(ByteOrder.LITTLE_ENDIAN, h.byteOrder());
    assertArrayEquals(new long[] {32, 20, 12, 2}, h.dims());
    assertEquals(4, h.datatype());
    assertEquals(608, h.voxOffset());
    assertTrue(h.hasExtensions());
    assertEquals(1, h.sformCode());
    assertEquals(6926802.0, sum(image.data()));
    assertEquals(46f, min(image.data()));
    assertEquals(757f, max(image.data()));
    assertEquals(424f, image.data()[0]);
    assertEquals(428f, image.data()[1]);
    assertEquals(500f, image.data()[5120]);
    assertEquals(439f, image.data()[7680]);
    assertEquals(457f, image.data()[15359]);
    assertArrayEquals(new double[] {
        -2, 0, 0, 117.855103, 0, 1.973711, -0.355528, -35.722942, 0, 0.323208, 2.171082, -7.248798, 0, 0, 0, 1},
        h.affine(), 1e-5);
    // The quaternion path, checked apart from the sform. 1-(b²+c²+d²) is 1e-9 here: like
    // nifti1_io.c we take a = 0 below 1e-7 (nibabel's NIfTI-2 qform takes sqrt(1e-9) and differs
    // by < 2e-4); the result equals nibabel's qform of the NIfTI-1 twin example4d.nii.gz.
    assertArrayEquals(new double[] {
        -2, 0, 0, 117.855103, 0, 1.973711, -0.355528, -35.722942, 0, 0.323208, 2.171082, -7.248798, 0, 0, 0, 1},
        NiftiOrientation.qformToAffine(h.quatern(), h.qoffset(), h.pixdim()), 1e-5);
    assertFalse(image.is3d());
    NiftiException e = assertThrows(NiftiException.class, image::toImageVolume);
    assertEquals(NiftiTestData.nibabel("example_nifti2.nii.gz") + ": is 4D with dims [32, 20, 12, 2],"
        + " only 3D volumes (or 4D with one time point) can be used here; split it into 3D volumes first",
        e.getMessage());
  }

  @Test
  void nibabelNifti1WithExtensions() throws Exception {
    NiftiImage image = Nifti.read(NiftiTestData.nibabel("example4d.nii.gz"));
    NiftiHeader h = image.header();
    assertEquals(1, h.version());
    assertArrayEquals(new long[] {128, 96, 24, 2}, h.dims());
    assertEquals(416, h.voxOffset());
    assertTrue(h.hasExtensions());
    assertEquals(101985356.0, sum(image.data()));
    assertEquals(1162f, max(image.data()));
    // pixdim[3] is 2.199999f, read as the decimal 2.199999 (nibabel: 2.1999990940093994, the same float)
    assertArrayEquals(new double[] {-1, 2, 2, 2.199999, 2000, 1, 1, 1}, h.pixdim(), 0);
    assertArrayEquals(new double[] {
        -2, 0, 0, 117.855103, 0, 1.973711, -0.355528, -35.722942, 0, 0.323208, 2.171082, -7.248798, 0, 0, 0, 1},
        NiftiOrientation.qformToAffine(h.quatern(), h.qoffset(), h.pixdim()), 1e-5);
  }

  @Test
  void nibabelBigEndianInt16() throws Exception {
    ImageVolume v = Nifti.readImage(NiftiTestData.nibabel("anatomical.nii"));
    NiftiHeader h = Nifti.read(NiftiTestData.nibabel("anatomical.nii")).header();
    assertEquals(ByteOrder.BIG_ENDIAN, h.byteOrder());
    assertEquals(4, h.datatype());
    assertArrayEquals(new int[] {33, 41, 25}, v.geometry().shape());
    assertArrayEquals(new double[] {2, 2, 2}, v.geometry().spacing());
    assertArrayEquals(new double[] {-2, 0, 0, 32, 0, 2, 0, -40, 0, 0, 2, -16, 0, 0, 0, 1}, v.geometry().affine(), 0);
    assertEquals(284166082.0, sum(v.data()));
    assertEquals(-610f, min(v.data()));
    assertEquals(30393f, max(v.data()));
    assertEquals(10712f, v.data()[0]);
    assertEquals(10463f, v.data()[1]);
    assertEquals(11347f, v.data()[11275]);
    assertEquals(2971f, v.data()[33824]);
  }

  @Test
  void nibabelScaledInt16AppliesSlopeAndIntercept() throws Exception {
    NiftiImage image = Nifti.read(NiftiTestData.nibabel("functional.nii"));
    assertEquals(0.07540696859359741, image.header().sclSlope(), 0);
    assertEquals(3100.76171875, image.header().sclInter(), 0);
    assertArrayEquals(new long[] {17, 21, 3, 20}, image.header().dims());
    float[] d = image.data();
    assertEquals(4004.13720703125f, d[0]);
    assertEquals(4143.71533203125f, d[1]);
    assertEquals(3669.93359375f, d[7140]);
    assertEquals(3129.341064453125f, d[21419]);
    assertEquals(77913290.397, sum(d), 0.05);
  }

  @Test
  void nibabelFloatWithNaNIsRejectedByDefaultAndCountedOnRequest() throws Exception {
    Path file = NiftiTestData.nibabel("resampled_anat_moved.nii");
    NiftiException e = assertThrows(NiftiException.class, () -> Nifti.read(file));
    assertEquals(file + ": 153 voxels are NaN or infinite (first at voxel (0, 0, 0), value NaN);"
        + " fix the file, or read it with rejectNonFinite=false to only count them", e.getMessage());
    NiftiImage image = Nifti.read(file, COUNT_NON_FINITE);
    assertEquals(153, image.nonFiniteCount());
    assertEquals(10849.904f, image.data()[535]);
    assertEquals(7749957.09866, sum(image.data()), 0.05);
  }

  @Test
  void nibabelUint8WithSformOnly() throws Exception {
    Path file = NiftiTestData.nibabel("standard.nii.gz");
    NiftiImage image = Nifti.read(file);
    assertEquals(0, image.header().qformCode());
    assertEquals(2, image.header().sformCode());
    ImageVolume v = image.toImageVolume();
    assertArrayEquals(new int[] {4, 5, 7}, v.geometry().shape());
    assertArrayEquals(new double[] {1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1}, v.geometry().affine(), 0);
    assertEquals(7650.0, sum(image.data()));
    assertEquals(255f, image.data()[1]);
    NiftiException e = assertThrows(NiftiException.class, () -> Nifti.readLabels(file));
    assertEquals(file + ": voxel (1, 0, 0) has value 255.0, labels must be whole numbers 0..127;"
        + " check that this is a label (mask) file", e.getMessage());
  }

  @Test
  void bigAndLittleEndianFilesHoldTheSameVoxels() throws Exception {
    NiftiImage big = Nifti.read(NiftiTestData.niftiReaderJs("big.nii.gz"));
    NiftiImage little = Nifti.read(NiftiTestData.niftiReaderJs("little.nii.gz"));
    assertEquals(ByteOrder.BIG_ENDIAN, big.header().byteOrder());
    assertEquals(ByteOrder.LITTLE_ENDIAN, little.header().byteOrder());
    assertArrayEquals(new long[] {64, 64, 21}, big.header().dims());
    assertArrayEquals(new long[] {64, 64, 21, 1}, little.header().dims());
    assertEquals(16, big.header().datatype());
    assertArrayEquals(big.data(), little.data());
    assertEquals(-8.71075058f, min(big.data()), 1e-6f);
    assertEquals(18.5825291f, max(big.data()), 1e-6f);
    assertEquals(11648.372022, sum(big.data()), 1e-3);
    // qform only (sform_code 0), qfac -1: the 4D file with one time point reads as a 3D volume
    ImageVolume v = little.toImageVolume();
    assertArrayEquals(new int[] {64, 64, 21}, v.geometry().shape());
    assertArrayEquals(new double[] {4, 4, 6}, v.geometry().spacing());
    assertArrayEquals(new double[] {-4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 6, 0, 0, 0, 0, 1}, v.geometry().affine(), 1e-12);
  }

  @Test
  void bigEndianUint8WithAnExtensionReadsAsLabels() throws Exception {
    NiftiImage image = Nifti.read(NiftiTestData.niftiReaderJs("with_extension.nii.gz"));
    assertEquals(736, image.header().voxOffset());
    assertTrue(image.header().hasExtensions());
    assertEquals(ByteOrder.BIG_ENDIAN, image.header().byteOrder());
    LabelVolume labels = image.toLabelVolume();
    assertArrayEquals(new int[] {161, 191, 151}, labels.geometry().shape());
    assertArrayEquals(new long[] {3170530, 1472871}, labels.classCounts(2));
    assertEquals(1, labels.data()[1547800]);
    assertArrayEquals(new double[] {-1, 0, 0, 80, 0, -1, 0, 80, 0, 0, -1, 85, 0, 0, 0, 1}, labels.geometry().affine(), 0);
  }

  @Test
  void nifti2Float32MatchesNifti1BigEndianUint8OfTheSameImage() throws Exception {
    NiftiImage v2 = Nifti.read(NiftiTestData.niftiReaderJs("avg152T1_LR_nifti2.nii.gz"));
    NiftiImage v1 = Nifti.read(NiftiTestData.niftiReaderJs("avg152T1_LR_nifti.nii.gz"));
    assertEquals(2, v2.header().version());
    assertEquals(16, v2.header().datatype());
    assertEquals(544, v2.header().voxOffset());
    assertEquals(1, v1.header().version());
    assertEquals(ByteOrder.BIG_ENDIAN, v1.header().byteOrder());
    assertEquals(2, v1.header().datatype());
    assertArrayEquals(v1.data(), v2.data());
    assertEquals(74825382.0, sum(v2.data()));
    assertEquals(159f, v2.data()[300876]);
    assertArrayEquals(new double[] {-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1},
        v2.toImageVolume().geometry().affine(), 0);
  }

  @Test
  void fiveDimensionalFileReadsButIsNotAVolume() throws Exception {
    Path file = NiftiTestData.niftiReaderJs("5D.nii");
    NiftiImage image = Nifti.read(file);
    assertArrayEquals(new long[] {256, 256, 170, 1, 3}, image.header().dims());
    assertEquals(1715276350.0, sum(image.data()));
    assertEquals(23f, image.data()[16711680]);
    NiftiException e = assertThrows(NiftiException.class, image::toImageVolume);
    assertEquals(file + ": is 5D with dims [256, 256, 170, 1, 3], only 3D volumes (or 4D with one"
        + " time point) can be used here; split it into 3D volumes first", e.getMessage());
  }

  @Test
  void notNiftiIsRejectedWithItsSizeofHdr() {
    Path file = NiftiTestData.niftiReaderJs("not-nifti.nii");
    NiftiException e = assertThrows(NiftiException.class, () -> Nifti.read(file));
    assertEquals(file + ": not a NIfTI file: sizeof_hdr is -1428999419, expected 348 (NIfTI-1)"
        + " or 540 (NIfTI-2); check that it is a .nii or .nii.gz image", e.getMessage());
  }
}
