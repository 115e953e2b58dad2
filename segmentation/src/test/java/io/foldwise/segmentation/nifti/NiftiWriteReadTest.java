package io.foldwise.segmentation.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NiftiWriteReadTest {
  @TempDir Path dir;

  private static Geometry obliqueGeometry() {
    // 30 degrees about z, flipped x (as in LPS-stored CT), spacing 0.7, 0.8, 2.5
    double c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    double[] sp = {0.7, 0.8, 2.5};
    double[] affine = {
      -c * sp[0], -s * sp[1], 0, 12.5,
      -s * sp[0], c * sp[1], 0, -30.25,
      0, 0, sp[2], 100,
      0, 0, 0, 1};
    return Geometry.of(new int[] {5, 4, 3}, sp, affine);
  }

  @ParameterizedTest
  @ValueSource(strings = {"image.nii", "image.nii.gz"})
  void floatImageRoundTripsWithGeometry(String fileName) throws Exception {
    Geometry g = obliqueGeometry();
    float[] data = new float[g.voxelCount()];
    for (int i = 0; i < data.length; i++) {
      data[i] = i * 0.25f - 7.5f;
    }
    Path file = dir.resolve(fileName);
    Nifti.writeImage(file, new ImageVolume(g, data));

    NiftiImage image = Nifti.read(file);
    assertEquals(1, image.header().version());
    assertEquals(ByteOrder.LITTLE_ENDIAN, image.header().byteOrder());
    assertEquals(16, image.header().datatype());
    assertEquals(352, image.header().voxOffset());
    assertArrayEquals(data, image.data());
    ImageVolume back = image.toImageVolume();
    assertArrayEquals(g.shape(), back.geometry().shape());
    assertArrayEquals(g.spacing(), back.geometry().spacing(), 0); // decimal spacings read back exactly
    assertArrayEquals(g.affine(), back.geometry().affine(), 1e-6); // float32 in the header
  }

  @Test
  void qformAloneGivesTheSameAffineAsTheSform() throws Exception {
    Geometry g = obliqueGeometry();
    byte[] header = NiftiWriter.header(g, NiftiDatatype.FLOAT32);
    java.nio.ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0);
    NiftiHeader parsed = NiftiHeaderParser.parse(new java.io.ByteArrayInputStream(header), "h").header();
    assertEquals(0, parsed.sformCode());
    assertEquals(1, parsed.qformCode());
    assertArrayEquals(g.affine(), parsed.affine(), 1e-5);
  }

  @Test
  void labelsRoundTripAsUint8() throws Exception {
    Geometry g = Geometry.of(new int[] {3, 2, 2}, new double[] {1, 1, 2});
    byte[] labels = {0, 1, 2, 3, 0, 1, 2, 3, 127, 0, 0, 1};
    Path file = dir.resolve("mask.nii.gz");
    Nifti.writeLabels(file, new LabelVolume(g, labels));
    assertEquals(2, Nifti.read(file).header().datatype());
    LabelVolume back = Nifti.readLabels(file);
    assertArrayEquals(labels, back.data());
    assertEquals(g, back.geometry());
  }

  @Test
  void labelsCanBeWrittenAsInt16AndImagesAsUint8() throws Exception {
    Geometry g = Geometry.of(new int[] {2, 2, 1}, new double[] {0.7, 0.7, 5});
    byte[] labels = {0, 3, 2, 1};
    Path mask = dir.resolve("mask16.nii");
    Nifti.writeLabels(mask, new LabelVolume(g, labels), NiftiDatatype.INT16);
    assertEquals(4, Nifti.read(mask).header().datatype());
    assertArrayEquals(labels, Nifti.readLabels(mask).data());
    Path image = dir.resolve("u8.nii.gz");
    Nifti.writeImage(image, new ImageVolume(g, new float[] {0, 255, 17, 3}), NiftiDatatype.UINT8);
    assertEquals(2, Nifti.read(image).header().datatype());
    assertArrayEquals(new float[] {0, 255, 17, 3}, Nifti.readImage(image).data());
  }

  @Test
  void unwritableDatatypesAreRefused() {
    Geometry g = Geometry.of(new int[] {1, 1, 1}, new double[] {1, 1, 1});
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Nifti.writeLabels(dir.resolve("m.nii"), new LabelVolume(g, new byte[1]), NiftiDatatype.FLOAT64));
    assertEquals("labels are written as uint8 or int16, got float64", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Nifti.writeImage(dir.resolve("i.nii"), new ImageVolume(g, new float[1]), NiftiDatatype.UINT32));
    assertEquals("images are written as float32, int16 or uint8, got uint32", e.getMessage());
  }
}
