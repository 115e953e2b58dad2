package io.foldwise.segmentation.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every supported datatype in both byte orders and both versions, plain and gzipped. */
class NiftiDatatypesTest {
  @TempDir Path dir;

  /** Values that exercise each type's range ends and sign handling. */
  private static double[] extremes(NiftiDatatype type) {
    return switch (type) {
      case UINT8 -> new double[] {0, 1, 127, 128, 200, 255};
      case INT8 -> new double[] {-128, -1, 0, 1, 100, 127};
      case INT16 -> new double[] {-32768, -1024, -1, 0, 3071, 32767};
      case UINT16 -> new double[] {0, 1, 32767, 32768, 40000, 65535};
      case INT32 -> new double[] {-2147483648.0, -70000, -1, 0, 16777216, 2147483647.0};
      case UINT32 -> new double[] {0, 1, 2147483647.0, 2147483648.0, 3000000000.0, 4294967295.0};
      case FLOAT32 -> new double[] {-1250.5, -0.25, 0, 1e-30, 3.4e38, 255.75};
      case FLOAT64 -> new double[] {-1e38, -0.1, 0, 1.0 / 3, 1e-3, 3e38};
    };
  }

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (NiftiDatatype type : NiftiDatatype.values()) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        for (int version : new int[] {1, 2}) {
          cases.add(Arguments.of(type, order, version));
        }
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} {1} NIfTI-{2}")
  @MethodSource("cases")
  void readsEveryDatatypeInBothOrdersAndVersions(NiftiDatatype type, ByteOrder order, int version)
      throws Exception {
    RawNifti raw = new RawNifti();
    raw.version = version;
    raw.order = order;
    raw.datatype = type.code();
    raw.dim = new long[] {3, 3, 2, 1, 1, 1, 1, 1};
    raw.values = extremes(type);
    float[] expected = new float[raw.values.length];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) raw.values[i];
    }
    Path nii = dir.resolve("v.nii");
    Path gz = dir.resolve("v.nii.gz");
    Files.write(nii, raw.bytes());
    Files.write(gz, raw.gzipped());
    for (Path file : List.of(nii, gz)) {
      NiftiImage image = Nifti.read(file);
      assertEquals(version, image.header().version());
      assertEquals(order, image.header().byteOrder());
      assertEquals(type.code(), image.header().datatype());
      assertArrayEquals(new long[] {3, 2, 1}, image.header().dims());
      assertArrayEquals(expected, image.data(), file.toString());
      assertArrayEquals(new double[] {1.5, 2, 3}, image.toImageVolume().geometry().spacing());
      assertArrayEquals(new double[] {1.5, 0, 0, -10, 0, 2, 0, -20, 0, 0, 3, -30, 0, 0, 0, 1},
          image.toImageVolume().geometry().affine(), 0);
    }
    NiftiImage fromStream = Nifti.read(new ByteArrayInputStream(raw.gzipped()), "stream.nii.gz",
        NiftiReadOptions.defaults());
    assertArrayEquals(expected, fromStream.data());
  }

  @Test
  void appliesSlopeAndInterceptInDoublePrecision() throws Exception {
    RawNifti raw = new RawNifti();
    raw.datatype = 4;
    raw.slope = 0.5;
    raw.inter = -1024;
    raw.dim = new long[] {3, 4, 1, 1, 1, 1, 1, 1};
    raw.values = new double[] {-32768, 0, 1, 32767};
    NiftiImage image = Nifti.read(new ByteArrayInputStream(raw.bytes()), "s.nii", NiftiReadOptions.defaults());
    assertTrue(image.header().isScaled());
    assertArrayEquals(new float[] {-17408f, -1024f, -1023.5f, 15359.5f}, image.data());
  }

  @Test
  void slopeZeroOrNaNMeansNoScaling() throws Exception {
    for (double slope : new double[] {0.0, Double.NaN}) {
      RawNifti raw = new RawNifti();
      raw.slope = slope;
      raw.inter = 100; // ignored when the slope switches scaling off
      raw.dim = new long[] {3, 3, 1, 1, 1, 1, 1, 1};
      raw.values = new double[] {-5, 0, 7};
      NiftiImage image = Nifti.read(new ByteArrayInputStream(raw.bytes()), "s.nii", NiftiReadOptions.defaults());
      assertFalse(image.header().isScaled());
      assertArrayEquals(new float[] {-5, 0, 7}, image.data(), "slope " + slope);
    }
  }

  @Test
  void nanInterceptWithASlopeIsTakenAsZero() throws Exception {
    RawNifti raw = new RawNifti();
    raw.slope = 2;
    raw.inter = Double.NaN;
    raw.dim = new long[] {3, 2, 1, 1, 1, 1, 1, 1};
    raw.values = new double[] {3, -4};
    NiftiImage image = Nifti.read(new ByteArrayInputStream(raw.bytes()), "s.nii", NiftiReadOptions.defaults());
    assertArrayEquals(new float[] {6, -8}, image.data());
  }

  @Test
  void skipsHeaderExtensionsUsingVoxOffset() throws Exception {
    for (int version : new int[] {1, 2}) {
      RawNifti raw = new RawNifti();
      raw.version = version;
      raw.extensions = new byte[48];
      raw.extensions[0] = 48; // esize (little endian int), ecode 6 (comment), then text
      raw.extensions[4] = 6;
      byte[] text = "an extension that must be skipped".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, raw.extensions, 8, text.length);
      Path file = dir.resolve("ext" + version + ".nii.gz");
      Files.write(file, raw.gzipped());
      NiftiImage image = Nifti.read(file);
      assertTrue(image.header().hasExtensions());
      assertEquals(raw.headerBytes() + 4 + 48, image.header().voxOffset());
      assertEquals(24, image.data().length);
      assertEquals(23f, image.data()[23]);
    }
  }

  @Test
  void oneAndTwoDimensionalImagesBecomeVolumesWithUnitSpacingOnMissingAxes() throws Exception {
    RawNifti raw = new RawNifti();
    raw.dim = new long[] {2, 4, 3, 0, 0, 0, 0, 0};
    raw.pixdim = new double[] {1, 0.5, 0.5, 0, 0, 0, 0, 0};
    raw.sformCode = 0;
    Path file = dir.resolve("slice.nii");
    Files.write(file, raw.bytes());
    var v = Nifti.readImage(file);
    assertArrayEquals(new int[] {4, 3, 1}, v.geometry().shape());
    assertArrayEquals(new double[] {0.5, 0.5, 1.0}, v.geometry().spacing());
    // no sform, no qform: the pixdim diagonal
    assertArrayEquals(new double[] {0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, v.geometry().affine(), 0);
  }

  @Test
  void nonFiniteFloatsAreCountedWhenNotRejected() throws Exception {
    RawNifti raw = new RawNifti();
    raw.datatype = 64;
    raw.dim = new long[] {3, 5, 1, 1, 1, 1, 1, 1};
    raw.values = new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, 2, Double.NEGATIVE_INFINITY};
    NiftiImage image = Nifti.read(new ByteArrayInputStream(raw.bytes()), "f.nii",
        NiftiReadOptions.defaults().withRejectNonFinite(false));
    assertEquals(3, image.nonFiniteCount());
    assertEquals(1f, image.data()[0]);
    assertTrue(Float.isNaN(image.data()[1]));
  }
}
