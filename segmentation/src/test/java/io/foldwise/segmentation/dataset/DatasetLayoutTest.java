package io.foldwise.segmentation.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLayoutTest {
  private static final int[] SHAPE = {3, 2, 2};
  private static final double[] SPACING = {0.5, 0.5, 2.0};

  @TempDir Path dir;

  private void zenodoCase(Path root, String id) throws Exception {
    TinyDataset.writeZenodoFile(root, id, false, SHAPE, SPACING);
    TinyDataset.writeZenodoFile(root, id, true, SHAPE, SPACING);
  }

  @Test
  void pairsZenodoLayoutSortedByCaseId() throws Exception {
    zenodoCase(dir, "radiopaedia_4_85506_1");
    zenodoCase(dir, "coronacases_010");
    zenodoCase(dir, "coronacases_002");
    Files.writeString(dir.resolve(DatasetLayout.IMAGES_DIR).resolve("readme.txt"), "not a volume");
    List<CasePair> pairs = DatasetLayout.find(dir);
    assertEquals(List.of("coronacases_002", "coronacases_010", "radiopaedia_4_85506_1"),
        pairs.stream().map(CasePair::caseId).toList());
    assertEquals(dir.resolve("COVID-19-CT-Seg_20cases/coronacases_002.nii.gz"), pairs.get(0).image());
    assertEquals(dir.resolve("Lung_and_Infection_Mask/coronacases_002.nii.gz"), pairs.get(0).mask());
    Sample s = pairs.get(0).load();
    assertEquals("coronacases_002", s.caseId());
    assertArrayEquals(SHAPE, s.image().geometry().shape());
  }

  @Test
  void acceptsArchivesNestedOneFolderDeeper() throws Exception {
    zenodoCase(dir.resolve("zenodo-3757476"), "a");
    assertEquals(List.of("a"), DatasetLayout.find(dir).stream().map(CasePair::caseId).toList());
    // files one folder deeper inside the images and masks folders
    Path other = dir.resolve("other");
    Path deep = other.resolve(DatasetLayout.IMAGES_DIR);
    zenodoCase(deep, "b");
    Files.move(deep.resolve(DatasetLayout.MASKS_DIR), other.resolve(DatasetLayout.MASKS_DIR));
    List<CasePair> pairs = DatasetLayout.find(other);
    assertEquals(List.of("b"), pairs.stream().map(CasePair::caseId).toList());
    assertEquals(deep.resolve(DatasetLayout.IMAGES_DIR).resolve("b.nii.gz"), pairs.get(0).image());
  }

  @Test
  void ignoresHiddenFilesAndMacosFolders() throws Exception {
    Path nested = dir.resolve(DatasetLayout.IMAGES_DIR);
    zenodoCase(nested, "a");
    Files.move(nested.resolve(DatasetLayout.MASKS_DIR), dir.resolve(DatasetLayout.MASKS_DIR));
    Path images = nested.resolve(DatasetLayout.IMAGES_DIR);
    Files.writeString(images.resolve("._a.nii.gz"), "resource fork");
    Files.createDirectories(nested.resolve("__MACOSX"));
    Files.createDirectories(dir.resolve("__MACOSX").resolve(DatasetLayout.MASKS_DIR));
    List<CasePair> pairs = DatasetLayout.find(dir);
    assertEquals(List.of("a"), pairs.stream().map(CasePair::caseId).toList());
    assertEquals(images.resolve("a.nii.gz"), pairs.get(0).image());
  }

  @Test
  void acceptsMiscnnLayout() throws Exception {
    Geometry g = Geometry.of(SHAPE, SPACING);
    for (String id : List.of("case_b", "case_a")) {
      Path c = Files.createDirectories(dir.resolve(id));
      Nifti.writeImage(c.resolve("imaging.nii.gz"), new ImageVolume(g, new float[12]));
      Nifti.writeLabels(c.resolve("segmentation.nii.gz"), new LabelVolume(g, new byte[12]));
    }
    List<CasePair> pairs = DatasetLayout.find(dir);
    assertEquals(List.of("case_a", "case_b"), pairs.stream().map(CasePair::caseId).toList());
    assertEquals(dir.resolve("case_a/segmentation.nii.gz"), pairs.get(0).mask());
  }

  @Test
  void imageWithoutMask() throws Exception {
    zenodoCase(dir, "a");
    Path image = TinyDataset.writeZenodoFile(dir, "b", false, SHAPE, SPACING);
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetLayout.find(dir));
    assertEquals("b: image " + image + " has no mask in " + dir.resolve(DatasetLayout.MASKS_DIR)
        + "; add b.nii.gz there or remove the image", e.getMessage());
  }

  @Test
  void maskWithoutImage() throws Exception {
    zenodoCase(dir, "a");
    Path mask = TinyDataset.writeZenodoFile(dir, "c", true, SHAPE, SPACING);
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetLayout.find(dir));
    assertEquals("c: mask " + mask + " has no image in " + dir.resolve(DatasetLayout.IMAGES_DIR)
        + "; add c.nii.gz there or remove the mask", e.getMessage());
  }

  @Test
  void missingMasksFolder() throws Exception {
    TinyDataset.writeZenodoFile(dir, "a", false, SHAPE, SPACING);
    assertEquals(dir + ": found " + dir.resolve(DatasetLayout.IMAGES_DIR)
            + " but no Lung_and_Infection_Mask folder; extract Lung_and_Infection_Mask.zip next to it",
        assertThrows(DatasetException.class, () -> DatasetLayout.find(dir)).getMessage());
  }

  @Test
  void emptyOrMissingFolder() {
    assertEquals(dir + ": no data set found; expected the folders COVID-19-CT-Seg_20cases/ and "
            + "Lung_and_Infection_Mask/ (the extracted Zenodo archives) or <case>/imaging.nii.gz "
            + "with <case>/segmentation.nii.gz (MIScnn layout)",
        assertThrows(DatasetException.class, () -> DatasetLayout.find(dir)).getMessage());
    Path missing = dir.resolve("nope");
    assertEquals(missing + ": not a directory; give the folder that holds the data set",
        assertThrows(DatasetException.class, () -> DatasetLayout.find(missing)).getMessage());
  }

  @Test
  void miscnnCaseWithoutSegmentation() throws Exception {
    Path c = Files.createDirectories(dir.resolve("case_x"));
    Nifti.writeImage(c.resolve("imaging.nii.gz"),
        new ImageVolume(Geometry.of(SHAPE, SPACING), new float[12]));
    assertEquals("case_x: " + c.resolve("imaging.nii.gz")
            + " has no segmentation.nii.gz next to it; add the mask or remove the case folder",
        assertThrows(DatasetException.class, () -> DatasetLayout.find(dir)).getMessage());
  }

  @Test
  void shapeMismatchOnLoad() throws Exception {
    Path image = TinyDataset.writeZenodoFile(dir, "a", false, SHAPE, SPACING);
    Path mask = TinyDataset.writeZenodoFile(dir, "a", true, new int[] {3, 2, 3}, SPACING);
    CasePair pair = DatasetLayout.find(dir).get(0);
    assertEquals("a: image shape [3, 2, 2] and mask shape [3, 2, 3] differ (" + image + ", " + mask
            + "); the mask must be on the image's grid: replace one of the two files",
        assertThrows(DatasetException.class, pair::load).getMessage());
  }

  @Test
  void spacingMismatchOnLoad() throws Exception {
    Path image = TinyDataset.writeZenodoFile(dir, "a", false, SHAPE, SPACING);
    Path mask = TinyDataset.writeZenodoFile(dir, "a", true, SHAPE, new double[] {0.5, 0.5, 2.5});
    CasePair pair = DatasetLayout.find(dir).get(0);
    assertEquals("a: image spacing [0.5, 0.5, 2.0] mm and mask spacing [0.5, 0.5, 2.5] mm differ ("
            + image + ", " + mask + "); the mask must be on the image's grid: replace one of the "
            + "two files",
        assertThrows(DatasetException.class, pair::load).getMessage());
  }

  @Test
  void sameCaseTwiceInOneFolder() throws Exception {
    zenodoCase(dir, "a");
    Path images = dir.resolve(DatasetLayout.IMAGES_DIR);
    Files.copy(images.resolve("a.nii.gz"), images.resolve("a.nii"));
    assertEquals(images + ": case a appears twice (a.nii, a.nii.gz); keep one of them",
        assertThrows(DatasetException.class, () -> DatasetLayout.find(dir)).getMessage());
  }

  @Test
  void unreadableFileIsWrappedWithTheCaseId() throws Exception {
    zenodoCase(dir, "a");
    Path image = dir.resolve(DatasetLayout.IMAGES_DIR).resolve("a.nii.gz");
    Files.writeString(image, "this is not a NIfTI file");
    DatasetException e = assertThrows(DatasetException.class, () -> DatasetLayout.find(dir).get(0).load());
    assertTrue(e.getMessage().startsWith("a: "), e.getMessage());
    assertTrue(e.getMessage().contains(image.toString()), e.getMessage());
    assertTrue(e.getCause() instanceof java.io.IOException);
  }

  @Test
  void caseIds() {
    assertEquals("coronacases_001", DatasetLayout.caseIdOf("coronacases_001.nii.gz").orElseThrow());
    assertEquals("x", DatasetLayout.caseIdOf("x.nii").orElseThrow());
    assertEquals(true, DatasetLayout.caseIdOf("x.txt").isEmpty());
  }

  private static Path write(Path folder, String file, boolean mask) throws Exception {
    Geometry g = Geometry.of(SHAPE, SPACING);
    Path p = Files.createDirectories(folder).resolve(file);
    if (mask) {
      Nifti.writeLabels(p, new LabelVolume(g, new byte[12]));
    } else {
      Nifti.writeImage(p, new ImageVolume(g, new float[12]));
    }
    return p;
  }

  @Test
  void pairsTwoFoldersWhateverTheirNamesAndOneNestedFolder() throws Exception {
    // as the download stage extracts two archives named by the user: scans.zip holds HeadCT/, labels.zip files
    Path images = dir.resolve("images");
    Path masks = dir.resolve("masks");
    write(images.resolve("HeadCT"), "head_02.nii.gz", false);
    write(images.resolve("HeadCT"), "head_01.nii.gz", false);
    write(masks, "head_01.nii.gz", true);
    write(masks, "head_02.nii.gz", true);
    List<CasePair> pairs = DatasetLayout.pair(images, masks);
    assertEquals(List.of("head_01", "head_02"), pairs.stream().map(CasePair::caseId).toList());
    assertEquals(images.resolve("HeadCT/head_01.nii.gz"), pairs.get(0).image());
    assertEquals(masks.resolve("head_01.nii.gz"), pairs.get(0).mask());
  }

  @Test
  void pairsNnunetChannelSuffix() throws Exception {
    Path images = dir.resolve("imagesTr");
    Path masks = dir.resolve("labelsTr");
    write(images, "bone_001_0000.nii.gz", false);
    write(masks, "bone_001.nii.gz", true);
    List<CasePair> pairs = DatasetLayout.pair(images, masks);
    assertEquals(List.of("bone_001"), pairs.stream().map(CasePair::caseId).toList());
    assertEquals(images.resolve("bone_001_0000.nii.gz"), pairs.get(0).image());
  }

  @Test
  void pairNamesAnEmptyFolderAndAnUnpairedCase() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    Path masks = dir.resolve("masks");
    write(masks, "a.nii.gz", true);
    assertEquals(images + ": no .nii.gz or .nii volumes, neither in it nor in a single folder inside it; put the "
            + "images there",
        assertThrows(DatasetException.class, () -> DatasetLayout.pair(images, masks)).getMessage());
    Path b = write(images, "b.nii.gz", false);
    write(images, "a.nii.gz", false);
    assertEquals("b: image " + b + " has no mask in " + masks + "; add b.nii.gz there or remove the image",
        assertThrows(DatasetException.class, () -> DatasetLayout.pair(images, masks)).getMessage());
    Path none = dir.resolve("none");
    assertEquals(none + ": not a directory; give the folder that holds the volumes",
        assertThrows(DatasetException.class, () -> DatasetLayout.pair(images, none)).getMessage());
  }

  @Test
  void classNames() {
    assertEquals(List.of("background", "lung_L", "lung_R", "infection"), ClassNames.covid().names());
    assertEquals("need at least 2 class names, got [a]",
        assertThrows(IllegalArgumentException.class, () -> ClassNames.of("a")).getMessage());
    assertEquals("class names must be unique and not blank, got [a, a]",
        assertThrows(IllegalArgumentException.class, () -> ClassNames.of("a", "a")).getMessage());
  }
}
