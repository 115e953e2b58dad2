package io.foldwise.segmentation.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.segmentation.volume.LabelVolume;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The direct label path ({@code Nifti.readLabels}) agrees with {@code read(...).toLabelVolume()}. */
class NiftiLabelReadTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "datatype {0}")
  @ValueSource(ints = {2, 4, 16, 64, 256, 512})
  void directLabelReadEqualsTheFloatPath(int datatype) throws Exception {
    RawNifti raw = new RawNifti();
    raw.datatype = datatype;
    raw.values = new double[24];
    for (int i = 0; i < 24; i++) {
      raw.values[i] = (i * 7) % 4;
    }
    raw.values[23] = 127;
    Path file = dir.resolve("mask.nii.gz");
    Files.write(file, raw.gzipped());
    LabelVolume direct = Nifti.readLabels(file);
    LabelVolume viaFloats = Nifti.read(file).toLabelVolume();
    assertArrayEquals(viaFloats.data(), direct.data());
    assertEquals(viaFloats.geometry(), direct.geometry());
    assertEquals(127, direct.data()[23]);
    LabelVolume fromStream = Nifti.readLabels(new ByteArrayInputStream(raw.gzipped()), "mask.nii.gz",
        NiftiReadOptions.defaults());
    assertArrayEquals(direct.data(), fromStream.data());
  }

  @Test
  void scaledIntegersThatLandOnWholeNumbersAreLabels() throws Exception {
    RawNifti raw = new RawNifti();
    raw.datatype = 4;
    raw.slope = 0.5;
    raw.inter = 1;
    raw.values = new double[24];
    raw.values[3] = 4; // 4 * 0.5 + 1 = 3
    LabelVolume labels = Nifti.readLabels(new ByteArrayInputStream(raw.bytes()), "s.nii", NiftiReadOptions.defaults());
    assertEquals(1, labels.data()[0]);
    assertEquals(3, labels.data()[3]);
  }

  @Test
  void aSeriesIsNotALabelMap() {
    RawNifti raw = new RawNifti();
    raw.datatype = 2;
    raw.dim = new long[] {4, 2, 3, 4, 2, 1, 1, 1};
    NiftiException e = assertThrows(NiftiException.class,
        () -> Nifti.readLabels(new ByteArrayInputStream(raw.bytes()), "s.nii", NiftiReadOptions.defaults()));
    assertEquals("s.nii: is 4D with dims [2, 3, 4, 2], only 3D volumes (or 4D with one time point) can be"
        + " used here; split it into 3D volumes first", e.getMessage());
  }

  @Test
  void nanIsNotALabel() {
    RawNifti raw = new RawNifti();
    raw.datatype = 16;
    raw.values = new double[24];
    raw.values[2] = Double.NaN;
    NiftiException e = assertThrows(NiftiException.class,
        () -> Nifti.readLabels(new ByteArrayInputStream(raw.bytes()), "s.nii", NiftiReadOptions.defaults()));
    assertEquals("s.nii: voxel (0, 1, 0) has value NaN, labels must be whole numbers 0..127; check that"
        + " this is a label (mask) file", e.getMessage());
  }
}
