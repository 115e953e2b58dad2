package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.segmentation.phantom.PhantomCase;
import io.foldwise.segmentation.phantom.PhantomManifest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** phantoms → inspect → explore gives exactly the numbers the generator intended. */
class PhantomRoundTripTest {
  @TempDir Path tmp;

  @Test
  void exploreReportsWhatThePhantomsIntended() throws Exception {
    Path data = tmp.resolve("data");
    CapturedRun made = CapturedRun.of("phantoms", "--out", data.toString(), "--cases", "4",
        "--seed", "2026", "--windowed", "1");
    assertEquals(0, made.status(), made.err());
    PhantomManifest manifest = PhantomManifest.read(data.resolve("phantoms.json"));

    ObjectMapper json = new ObjectMapper();
    for (PhantomCase c : manifest.caseList()) {
      Path image = data.resolve("COVID-19-CT-Seg_20cases/" + c.caseId() + ".nii.gz");
      Path mask = data.resolve("Lung_and_Infection_Mask/" + c.caseId() + ".nii.gz");
      CapturedRun inspected = CapturedRun.of("inspect", image.toString(), mask.toString());
      assertEquals(0, inspected.status(), inspected.err());
      String[] lines = inspected.out().split("\n");
      assertEquals(2, lines.length, inspected.out());
      JsonNode img = json.readTree(lines[0]);
      JsonNode lab = json.readTree(lines[1]);
      for (JsonNode file : new JsonNode[] {img, lab}) {
        for (int a = 0; a < 3; a++) {
          assertEquals(c.shape()[a], file.get("dims").get(a).asInt(), c.caseId());
          assertEquals(c.spacing()[a], file.get("spacing").get(a).asDouble(), 0, c.caseId());
        }
      }
      assertEquals(c.min(), img.get("min").asDouble(), 0);
      assertEquals(c.max(), img.get("max").asDouble(), 0);
      long n = c.shape()[0] * c.shape()[1] * c.shape()[2];
      long[] v = c.classVoxels();
      assertEquals(0, lab.get("min").asInt());
      assertEquals(3, lab.get("max").asInt());
      assertEquals((double) (v[1] + 2 * v[2] + 3 * v[3]) / n, lab.get("mean").asDouble(), 1e-9);
    }

    CapturedRun explored = CapturedRun.of("explore", data.toString(), "--format", "json");
    assertEquals(0, explored.status(), explored.err());
    JsonNode cases = json.readTree(explored.out()).get("cases");
    assertEquals(4, cases.size());
    String[] classes = {"background", "lung_L", "lung_R", "infection"};
    for (int i = 0; i < 4; i++) {
      PhantomCase c = manifest.caseList().get(i);
      JsonNode row = cases.get(i);
      assertEquals(c.caseId(), row.get("case_id").asText());
      for (int a = 0; a < 3; a++) {
        assertEquals(c.shape()[a], row.get("vol_shape").get(a).asInt());
        assertEquals(c.spacing()[a], row.get("voxel_spacing").get(a).asDouble(), 0);
      }
      for (int k = 0; k < 4; k++) {
        assertEquals(c.classVoxels()[k], row.get("class_voxels").get(classes[k]).asLong());
        assertEquals(c.classFrequency()[k], row.get("class_frequency").get(classes[k]).asDouble(), 0);
      }
      double min = row.get("vol_minimum").asDouble();
      double max = row.get("vol_maximum").asDouble();
      assertEquals(c.min(), min, 0);
      assertEquals(c.max(), max, 0);
      assertTrue(c.intendedMin() <= min && max <= c.intendedMax(),
          c.caseId() + " " + min + ".." + max);
    }
    assertTrue(manifest.caseList().get(3).windowed());
    assertEquals(255, manifest.caseList().get(3).intendedMax(), 0);
  }
}
