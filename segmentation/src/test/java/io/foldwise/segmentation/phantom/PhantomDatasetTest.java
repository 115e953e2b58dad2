package io.foldwise.segmentation.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.dataset.CasePair;
import io.foldwise.segmentation.dataset.DatasetLayout;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.volume.Sample;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomDatasetTest {
  @TempDir Path tmp;

  private static final PhantomSpec SPEC = PhantomSpec.of(3, 11).withWindowedCases(1);

  @Test
  void sameSeedGivesByteIdenticalFilesAndArchives() throws Exception {
    PhantomDataset.write(tmp.resolve("a"), SPEC);
    PhantomDataset.write(tmp.resolve("b"), SPEC);
    for (String f : List.of("COVID-19-CT-Seg_20cases.zip", "Lung_and_Infection_Mask.zip",
        "phantoms.json", "COVID-19-CT-Seg_20cases/phantom_002.nii.gz",
        "Lung_and_Infection_Mask/phantom_003.nii.gz")) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)),
          Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
    }
    PhantomDataset.write(tmp.resolve("c"), PhantomSpec.of(3, 12).withWindowedCases(1));
    assertFalse(java.util.Arrays.equals(
        Files.readAllBytes(tmp.resolve("a/COVID-19-CT-Seg_20cases.zip")),
        Files.readAllBytes(tmp.resolve("c/COVID-19-CT-Seg_20cases.zip"))));
  }

  @Test
  void archivesHoldTheCaseFilesAtTheirRootWithAFixedTime() throws Exception {
    Path out = tmp.resolve("d");
    PhantomDataset.write(out, SPEC);
    for (String[] zipAndDir : new String[][] {
        {"COVID-19-CT-Seg_20cases.zip", "COVID-19-CT-Seg_20cases"},
        {"Lung_and_Infection_Mask.zip", "Lung_and_Infection_Mask"}}) {
      List<String> names = new ArrayList<>();
      try (ZipInputStream z = new ZipInputStream(Files.newInputStream(out.resolve(zipAndDir[0])))) {
        for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
          names.add(e.getName());
          assertEquals(LocalDateTime.of(2020, 4, 20, 0, 0), e.getTimeLocal());
          assertArrayEquals(Files.readAllBytes(out.resolve(zipAndDir[1]).resolve(e.getName())),
              z.readAllBytes(), e.getName());
        }
      }
      assertEquals(List.of("phantom_001.nii.gz", "phantom_002.nii.gz", "phantom_003.nii.gz"), names);
    }
  }

  @Test
  void manifestDescribesWhatTheFilesHold() throws Exception {
    Path out = tmp.resolve("e");
    PhantomManifest written = PhantomDataset.write(out, SPEC);
    PhantomManifest m = PhantomManifest.read(out.resolve(PhantomManifest.FILE_NAME));
    assertEquals(11, m.seed());
    assertEquals(3, m.caseList().size());
    List<CasePair> pairs = DatasetLayout.find(out);
    assertEquals(3, pairs.size());
    for (int i = 0; i < 3; i++) {
      PhantomCase c = m.caseList().get(i);
      assertEquals(written.caseList().get(i).imageSha256(), c.imageSha256());
      Sample s = pairs.get(i).load();
      assertEquals(c.caseId(), s.caseId());
      assertArrayEquals(c.shape(), s.image().geometry().shape());
      assertArrayEquals(c.spacing(), s.image().geometry().spacing(), 0);
      assertArrayEquals(c.classVoxels(), s.label().classCounts(4));
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (float v : s.image().data()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assertEquals(c.min(), min, 0);
      assertEquals(c.max(), max, 0);
      assertTrue(c.intendedMin() <= min && max <= c.intendedMax(), c.caseId());
      assertEquals(PhantomDataset.sha256(pairs.get(i).image()), c.imageSha256());
      int datatype = Nifti.read(pairs.get(i).image()).header().datatype();
      assertEquals(c.windowed() ? 2 : 4, datatype, c.caseId() + " uint8 when windowed, else int16");
      assertEquals(c.windowed() ? "uint8" : "int16", c.datatype());
      assertEquals(PhantomDataset.sha256(pairs.get(i).mask()), c.maskSha256());
    }
    assertFalse(m.caseList().get(0).windowed());
    assertTrue(m.caseList().get(2).windowed());
  }

  @Test
  void writingOntoAFileIsAnError() throws Exception {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertEquals(file + " exists and is not a directory; choose another --out",
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
            () -> PhantomDataset.write(file, SPEC)).getMessage());
  }
}
