package io.foldwise.segmentation.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.segmentation.dataset.ClassNames;
import io.foldwise.segmentation.dataset.DatasetException;
import io.foldwise.segmentation.dataset.DatasetLayout;
import io.foldwise.segmentation.dataset.TinyDataset;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exploration of a hand-made two-case data set whose numbers are worked out by hand. */
class ExplorationTest {
  @TempDir Path dir;

  @BeforeEach
  void writeDataset() throws Exception {
    // case_a: 2x2x2, spacing (1, 1, 2), intensities 0..7; labels 0,0,0,0,1,2,3,3
    //   min 0, max 7, frequencies (4/8, 1/8, 1/8, 2/8) = (0.5, 0.125, 0.125, 0.25)
    TinyDataset.writeZenodoCase(dir, "case_a", new int[] {2, 2, 2}, new double[] {1, 1, 2},
        new float[] {0, 1, 2, 3, 4, 5, 6, 7}, new byte[] {0, 0, 0, 0, 1, 2, 3, 3});
    // case_b: 4x2x1, spacing (0.5, 0.5, 3), intensities -5..2; one lung_L voxel
    //   min -5, max 2, frequencies (7/8, 1/8, 0, 0) = (0.875, 0.125, 0, 0)
    TinyDataset.writeZenodoCase(dir, "case_b", new int[] {4, 2, 1}, new double[] {0.5, 0.5, 3},
        new float[] {-5, -4, -3, -2, -1, 0, 1, 2}, new byte[] {0, 0, 1, 0, 0, 0, 0, 0});
  }

  private ExplorationReport explore() throws Exception {
    return Exploration.of(DatasetLayout.find(dir), ClassNames.covid());
  }

  @Test
  void perCaseRowsAndSummaryAreTheHandComputedNumbers() throws Exception {
    ExplorationReport r = explore();
    CaseExploration a = r.cases().get(0);
    assertEquals("case_a", a.caseId());
    assertArrayEquals(new int[] {2, 2, 2}, a.shape());
    assertEquals(0, a.minimum(), 0);
    assertEquals(7, a.maximum(), 0);
    assertArrayEquals(new double[] {1, 1, 2}, a.spacing(), 0);
    assertArrayEquals(new double[] {0.5, 0.125, 0.125, 0.25}, a.classFrequency(), 0);
    assertArrayEquals(new long[] {4, 1, 1, 2}, a.classVoxels());
    CaseExploration b = r.cases().get(1);
    assertEquals(-5, b.minimum(), 0);
    assertEquals(2, b.maximum(), 0);
    assertArrayEquals(new double[] {0.875, 0.125, 0, 0}, b.classFrequency(), 0);
    ExplorationSummary s = r.summary();
    assertArrayEquals(new double[] {3, 2, 1.5}, s.shapeMean(), 0);
    assertArrayEquals(new double[] {3, 2, 1.5}, s.shapeMedian(), 0);
    assertArrayEquals(new double[] {0.75, 0.75, 2.5}, s.spacingMean(), 0);
    assertArrayEquals(new double[] {0.6875, 0.125, 0.0625, 0.125}, s.classFrequencyMean(), 0);
    // histogram: 16 voxels, all inside the default range, in bins [-10, 0) and [0, 10)
    long[] counts = r.histogram().counts();
    assertEquals(16, Arrays.stream(counts).sum());
    assertEquals(5, counts[124]);
    assertEquals(11, counts[125]);
  }

  @Test
  void tableHasTheSeedLayout() throws Exception {
    String expected = String.join("\n",
        "case_id  vol_shape  vol_minimum  vol_maximum  voxel_spacing    class_frequency",
        "case_a   (2, 2, 2)  0.0          7.0          (1.0, 1.0, 2.0)  (0.5, 0.125, 0.125, 0.25)",
        "case_b   (4, 2, 1)  -5.0         2.0          (0.5, 0.5, 3.0)  (0.875, 0.125, 0, 0)",
        "",
        "X-Axes Mean: 3.0",
        "X-Axes Median: 3.0",
        "Y-Axes Mean: 2.0",
        "Y-Axes Median: 2.0",
        "Z-Axes Mean: 1.5",
        "Z-Axes Median: 1.5",
        "X-Spacing Mean: 0.75",
        "X-Spacing Median: 0.75",
        "Y-Spacing Mean: 0.75",
        "Y-Spacing Median: 0.75",
        "Z-Spacing Mean: 2.5",
        "Z-Spacing Median: 2.5",
        "Mean class frequency: background 0.6875, lung_L 0.125, lung_R 0.0625, infection 0.125",
        "");
    assertEquals(expected, explore().toTable());
  }

  @Test
  void csvHasTheSeedColumns() throws Exception {
    Path csv = dir.resolve("exploration.csv");
    explore().writeCsv(csv);
    assertEquals("""
        case_id,vol_shape,vol_minimum,vol_maximum,voxel_spacing,class_frequency
        case_a,"(2, 2, 2)",0.0,7.0,"(1.0, 1.0, 2.0)","(0.5, 0.125, 0.125, 0.25)"
        case_b,"(4, 2, 1)",-5.0,2.0,"(0.5, 0.5, 3.0)","(0.875, 0.125, 0, 0)"
        """, Files.readString(csv));
  }

  @Test
  void jsonHoldsRowsSummaryAndHistogram() throws Exception {
    Path json = dir.resolve("exploration.json");
    explore().writeJson(json);
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertEquals("lung_R", root.get("classes").get(2).asText());
    JsonNode a = root.get("cases").get(0);
    assertEquals("case_a", a.get("case_id").asText());
    assertEquals(7.0, a.get("vol_maximum").asDouble(), 0);
    assertEquals(0.25, a.get("class_frequency").get("infection").asDouble(), 0);
    assertEquals(2, a.get("class_voxels").get("infection").asLong());
    assertEquals(2.5, root.get("summary").get("spacing").get("mean").get(2).asDouble(), 0);
    assertEquals(0.6875,
        root.get("summary").get("class_frequency_mean").get("background").asDouble(), 0);
    assertEquals(250, root.get("intensity_histogram").get("counts").size());
  }

  @Test
  void plotsArePngsWithContent() throws Exception {
    Path plots = dir.resolve("plots");
    explore().writePlots(plots);
    for (String name : new String[] {ExplorationReport.HISTOGRAM_PNG, ExplorationReport.CLASSES_PNG}) {
      BufferedImage img = ImageIO.read(plots.resolve(name).toFile());
      assertEquals(900, img.getWidth(), name);
      assertEquals(560, img.getHeight(), name);
      long dark = 0;
      long colored = 0;
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          int rgb = img.getRGB(x, y) & 0xffffff;
          int r = rgb >> 16;
          int g = (rgb >> 8) & 0xff;
          int b = rgb & 0xff;
          if (r < 60 && g < 60 && b < 60) dark++;
          if (Math.abs(r - b) > 60) colored++;
        }
      }
      assertTrue(dark > 1000, name + ": axes and labels drawn (" + dark + " dark pixels)");
      assertTrue(colored > 500, name + ": bars drawn (" + colored + " coloured pixels)");
    }
  }

  @Test
  void labelOutsideTheClassesIsAnErrorNamingTheCase() throws Exception {
    TinyDataset.writeZenodoCase(dir, "case_c", new int[] {2, 1, 1}, new double[] {1, 1, 1},
        new float[] {0, 0}, new byte[] {0, 5});
    DatasetException e = assertThrows(DatasetException.class, this::explore);
    assertEquals("case_c: " + dir.resolve("Lung_and_Infection_Mask/case_c.nii.gz")
        + ": label 5 at voxel (1, 0, 0) is outside 0..3; check the mask or the configured classes",
        e.getMessage());
  }

  @Test
  void maskOnAnotherGridIsAnErrorNamingTheCase() throws Exception {
    TinyDataset.writeZenodoFile(dir, "case_d", false, new int[] {2, 2, 2}, new double[] {1, 1, 1});
    TinyDataset.writeZenodoFile(dir, "case_d", true, new int[] {2, 2, 3}, new double[] {1, 1, 1});
    DatasetException e = assertThrows(DatasetException.class, this::explore);
    assertTrue(e.getMessage().startsWith("case_d: image shape [2, 2, 2] and mask shape [2, 2, 3] differ"),
        e.getMessage());
  }
}
