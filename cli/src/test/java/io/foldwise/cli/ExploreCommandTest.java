package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.segmentation.dataset.TinyDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void writeDataset() throws Exception {
    TinyDataset.writeZenodoCase(dir, "case_a", new int[] {2, 2, 2}, new double[] {1, 1, 2},
        new float[] {0, 1, 2, 3, 4, 5, 6, 7}, new byte[] {0, 0, 0, 0, 1, 2, 3, 3});
    TinyDataset.writeZenodoCase(dir, "case_b", new int[] {4, 2, 1}, new double[] {0.5, 0.5, 3},
        new float[] {-5, -4, -3, -2, -1, 0, 1, 2}, new byte[] {0, 0, 1, 0, 0, 0, 0, 0});
  }

  @Test
  void printsTheSeedTable() {
    CapturedRun r = CapturedRun.of("explore", dir.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith(
        "case_id  vol_shape  vol_minimum  vol_maximum  voxel_spacing    class_frequency\n"
            + "case_a   (2, 2, 2)  0.0          7.0          (1.0, 1.0, 2.0)  (0.5, 0.125, 0.125, 0.25)\n"),
        r.out());
    assertTrue(r.out().endsWith("Z-Spacing Median: 2.5\nMean class frequency: background 0.6875,"
        + " lung_L 0.125, lung_R 0.0625, infection 0.125\n"), r.out());
    assertEquals("explored 1/2: case_a\nexplored 2/2: case_b\n", r.err());
  }

  @Test
  void csvAndJsonFormats() throws Exception {
    CapturedRun csv = CapturedRun.of("explore", dir.toString(), "--format", "csv");
    assertEquals("""
        case_id,vol_shape,vol_minimum,vol_maximum,voxel_spacing,class_frequency
        case_a,"(2, 2, 2)",0.0,7.0,"(1.0, 1.0, 2.0)","(0.5, 0.125, 0.125, 0.25)"
        case_b,"(4, 2, 1)",-5.0,2.0,"(0.5, 0.5, 3.0)","(0.875, 0.125, 0, 0)"
        """, csv.out());
    CapturedRun json = CapturedRun.of("explore", dir.toString(), "--format", "json");
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertEquals(-5.0, root.get("cases").get(1).get("vol_minimum").asDouble(), 0);
  }

  @Test
  void outWritesJsonCsvAndPlots() throws Exception {
    Path out = dir.resolve("report");
    CapturedRun r = CapturedRun.of("explore", dir.toString(), "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    for (String f : new String[] {"exploration.json", "exploration.csv",
        "intensity_histogram.png", "class_distribution.png"}) {
      assertTrue(Files.size(out.resolve(f)) > 100, f);
    }
    assertEquals(CapturedRun.of("explore", dir.toString(), "--format", "csv").out(),
        Files.readString(out.resolve("exploration.csv")));
  }

  @Test
  void customClassNames() {
    CapturedRun r = CapturedRun.of("explore", dir.toString(), "--classes", "bg,a,b,c");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("Mean class frequency: bg 0.6875, a 0.125, b 0.0625, c 0.125"),
        r.out());
  }

  @Test
  void tooFewClassNamesForTheLabels() {
    CapturedRun r = CapturedRun.of("explore", dir.toString(), "--classes", "bg,lung");
    assertEquals(1, r.status());
    assertEquals("explore: case_a: " + dir.resolve("Lung_and_Infection_Mask/case_a.nii.gz")
        + ": label 2 at voxel (1, 0, 1) is outside 0..1; check the mask or the configured classes\n",
        r.err().substring(r.err().indexOf("explore:")));
  }

  @Test
  void truncatedImageIsAOneLineErrorNamingCaseAndFile() throws Exception {
    Path image = dir.resolve("COVID-19-CT-Seg_20cases/case_b.nii.gz");
    byte[] whole;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(image))) {
      whole = in.readAllBytes();
    }
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(image))) {
      out.write(whole, 0, whole.length - 10);
    }
    CapturedRun r = CapturedRun.of("explore", dir.toString());
    assertEquals(1, r.status());
    String last = r.err().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.startsWith("explore: case_b: " + image + ": truncated voxel data"), r.err());
    assertEquals("explored 1/2: case_a\n" + last + "\n", r.err());
  }

  @Test
  void missingFolderIsAOneLineError() {
    Path missing = dir.resolve("missing");
    CapturedRun r = CapturedRun.of("explore", missing.toString());
    assertEquals(1, r.status());
    assertEquals("explore: " + missing
        + ": not a directory; give the folder that holds the data set\n", r.err());
  }

  @Test
  void imageWithoutMaskIsAOneLineError() throws Exception {
    Path image = TinyDataset.writeZenodoFile(dir, "case_c", false, new int[] {2, 2, 2},
        new double[] {1, 1, 1});
    CapturedRun r = CapturedRun.of("explore", dir.toString());
    assertEquals(1, r.status());
    assertEquals("explore: case_c: image " + image + " has no mask in "
        + dir.resolve("Lung_and_Infection_Mask") + "; add case_c.nii.gz there or remove the image\n",
        r.err());
  }
}
