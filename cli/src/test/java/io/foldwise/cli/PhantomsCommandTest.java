package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.phantom.PhantomDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomsCommandTest {
  @TempDir Path tmp;

  @Test
  void writesTheDataSetAndPrintsArchiveHashes() throws Exception {
    Path out = tmp.resolve("phantoms");
    CapturedRun r = CapturedRun.of("phantoms", "--out", out.toString(), "--cases", "2", "--seed",
        "5", "--shape", "32x32x8", "--windowed", "1");
    assertEquals(0, r.status(), r.err());
    assertEquals("wrote 2 phantom cases (seed 5, shape 32x32x8) to " + out + "\n"
            + "COVID-19-CT-Seg_20cases.zip  sha256 "
            + PhantomDataset.sha256(out.resolve("COVID-19-CT-Seg_20cases.zip")) + "\n"
            + "Lung_and_Infection_Mask.zip  sha256 "
            + PhantomDataset.sha256(out.resolve("Lung_and_Infection_Mask.zip")) + "\n",
        r.out());
    assertEquals("phantom 1/2: phantom_001\nphantom 2/2: phantom_002\n"
        + "archive COVID-19-CT-Seg_20cases.zip\narchive Lung_and_Infection_Mask.zip\n", r.err());
    assertTrue(Files.isRegularFile(out.resolve("Lung_and_Infection_Mask/phantom_002.nii.gz")));
    assertTrue(Files.isRegularFile(out.resolve("phantoms.json")));
  }

  @Test
  void badShapeIsAOneLineError() {
    CapturedRun r = CapturedRun.of("phantoms", "--out", tmp.toString(), "--cases", "2", "--seed",
        "5", "--shape", "32x32");
    assertEquals(1, r.status());
    assertEquals("phantoms: shape must look like 48x48x16, got '32x32'\n", r.err());
  }

  @Test
  void tooManyWindowedCases() {
    CapturedRun r = CapturedRun.of("phantoms", "--out", tmp.toString(), "--cases", "2", "--seed",
        "5", "--windowed", "3");
    assertEquals(1, r.status());
    assertEquals("phantoms: windowedCases must be in 0..2, got 3\n", r.err());
  }

  @Test
  void missingOptionIsAUsageError() {
    CapturedRun r = CapturedRun.of("phantoms", "--cases", "2", "--seed", "5");
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("Missing required option: '--out=DIR'"), r.err());
  }
}
