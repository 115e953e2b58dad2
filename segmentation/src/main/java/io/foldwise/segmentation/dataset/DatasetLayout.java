package io.foldwise.segmentation.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the cases of a data set folder and pairs each CT image with its mask by case id.
 *
 * <p>{@link #pair(Path, Path)} pairs a folder of images with a folder of masks whatever the folders
 * are called (as the download stage extracts an experiment's two archives): the volumes of each
 * folder, found directly in it or in its single nested folder (as unzipping an archive that holds
 * one folder gives), paired by file name; an image named {@code <case>_0000.nii.gz} (nnU-Net's
 * channel suffix) pairs with the mask {@code <case>.nii.gz}.
 *
 * <p>{@link #find(Path)} finds both inside one folder. Accepted layouts:
 *
 * <ul>
 *   <li>the extracted Zenodo 3757476 archives: {@code DIR/COVID-19-CT-Seg_20cases/<case>.nii.gz}
 *       and {@code DIR/Lung_and_Infection_Mask/<case>.nii.gz} (same file names); the two folders may
 *       also sit one folder deeper ({@code DIR/<any>/COVID-19-CT-Seg_20cases/...}), and each may
 *       hold its files in a single nested folder, as unzipping into a folder of the same name does;
 *   <li>MIScnn's layout: {@code DIR/<case>/imaging.nii.gz} and {@code DIR/<case>/segmentation.nii.gz}.
 * </ul>
 *
 * <p>File names ending in {@code .nii.gz} or {@code .nii} are volumes; the case id is the name
 * without that ending. Hidden entries (names starting with a dot, such as macOS {@code ._x.nii.gz}
 * resource forks) and {@code __MACOSX} folders are ignored. Pairs come sorted by case id.
 */
public final class DatasetLayout {
  public static final String IMAGES_DIR = "COVID-19-CT-Seg_20cases";
  public static final String MASKS_DIR = "Lung_and_Infection_Mask";
  public static final String MISCNN_IMAGE = "imaging.nii.gz";
  public static final String MISCNN_MASK = "segmentation.nii.gz";
  /** nnU-Net's channel suffix of single-channel image files ({@code <case>_0000.nii.gz}). */
  public static final String CHANNEL_SUFFIX = "_0000";

  private DatasetLayout() {}

  /** The image/mask pairs of {@code dir}, sorted by case id. */
  public static List<CasePair> find(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new DatasetException(dir + ": not a directory; give the folder that holds the data set");
    }
    Optional<Path> images = locate(dir, IMAGES_DIR);
    Optional<Path> masks = locate(dir, MASKS_DIR);
    if (images.isPresent() || masks.isPresent()) {
      if (images.isEmpty()) {
        throw new DatasetException(dir + ": found " + masks.get() + " but no " + IMAGES_DIR
            + " folder; extract COVID-19-CT-Seg_20cases.zip next to it");
      }
      if (masks.isEmpty()) {
        throw new DatasetException(dir + ": found " + images.get() + " but no " + MASKS_DIR
            + " folder; extract Lung_and_Infection_Mask.zip next to it");
      }
      return pair(images.get(), masks.get());
    }
    List<CasePair> miscnn = pairMiscnn(dir);
    if (miscnn.isEmpty()) {
      throw new DatasetException(dir + ": no data set found; expected the folders " + IMAGES_DIR
          + "/ and " + MASKS_DIR + "/ (the extracted Zenodo archives) or <case>/" + MISCNN_IMAGE
          + " with <case>/" + MISCNN_MASK + " (MIScnn layout)");
    }
    return miscnn;
  }

  /** The case id of a volume file name, or empty when the name is not a NIfTI volume. */
  public static Optional<String> caseIdOf(String fileName) {
    if (fileName.endsWith(".nii.gz") && fileName.length() > 7) {
      return Optional.of(fileName.substring(0, fileName.length() - 7));
    }
    if (fileName.endsWith(".nii") && fileName.length() > 4) {
      return Optional.of(fileName.substring(0, fileName.length() - 4));
    }
    return Optional.empty();
  }

  private static boolean visible(Path p) {
    String name = p.getFileName().toString();
    return !name.startsWith(".") && !name.equals("__MACOSX");
  }

  private static Optional<Path> locate(Path dir, String name) throws IOException {
    Path direct = dir.resolve(name);
    if (Files.isDirectory(direct)) {
      return Optional.of(direct);
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(Files::isDirectory)
          .filter(DatasetLayout::visible)
          .map(c -> c.resolve(name))
          .filter(Files::isDirectory)
          .sorted()
          .findFirst();
    }
  }

  private static Map<String, Path> volumes(Path folder) throws IOException {
    Map<String, Path> found = new TreeMap<>();
    List<Path> subdirs = new ArrayList<>();
    try (Stream<Path> children = Files.list(folder)) {
      for (Path p : (Iterable<Path>) children.filter(DatasetLayout::visible).sorted()::iterator) {
        if (Files.isDirectory(p)) {
          subdirs.add(p);
          continue;
        }
        Optional<String> id = caseIdOf(p.getFileName().toString());
        if (id.isPresent()) {
          Path previous = found.put(id.get(), p);
          if (previous != null) {
            throw new DatasetException(folder + ": case " + id.get() + " appears twice ("
                + previous.getFileName() + ", " + p.getFileName() + "); keep one of them");
          }
        }
      }
    }
    if (found.isEmpty() && subdirs.size() == 1) {
      return volumes(subdirs.get(0));
    }
    return found;
  }

  /**
   * Pairs the volumes of {@code imageDir} with those of {@code maskDir} by case id, whatever the two
   * folders are named; each may hold its volumes directly or in its single nested folder.
   */
  public static List<CasePair> pair(Path imageDir, Path maskDir) throws IOException {
    for (Path d : List.of(imageDir, maskDir)) {
      if (!Files.isDirectory(d)) {
        throw new DatasetException(d + ": not a directory; give the folder that holds the volumes");
      }
    }
    Map<String, Path> images = volumes(imageDir);
    Map<String, Path> masks = volumes(maskDir);
    if (images.isEmpty()) {
      throw new DatasetException(imageDir + ": no .nii.gz or .nii volumes, neither in it nor in a single "
          + "folder inside it; put the images there");
    }
    if (masks.isEmpty()) {
      throw new DatasetException(maskDir + ": no .nii.gz or .nii volumes, neither in it nor in a single "
          + "folder inside it; put the masks there");
    }
    images = withoutChannelSuffix(images, masks.keySet());
    TreeSet<String> ids = new TreeSet<>(images.keySet());
    ids.addAll(masks.keySet());
    List<CasePair> pairs = new ArrayList<>();
    for (String id : ids) {
      Path image = images.get(id);
      Path mask = masks.get(id);
      if (mask == null) {
        throw new DatasetException(id + ": image " + image + " has no mask in " + folderOf(masks, maskDir)
            + "; add " + id + ".nii.gz there or remove the image");
      }
      if (image == null) {
        throw new DatasetException(id + ": mask " + mask + " has no image in " + folderOf(images, imageDir)
            + "; add " + id + ".nii.gz there or remove the mask");
      }
      pairs.add(new CasePair(id, image, mask));
    }
    return pairs;
  }

  /** nnU-Net names single-channel images {@code <case>_0000}: strip it when the masks are named {@code <case>}. */
  private static Map<String, Path> withoutChannelSuffix(Map<String, Path> images, Set<String> maskIds) {
    boolean all = images.keySet().stream().allMatch(id -> id.endsWith(CHANNEL_SUFFIX)
        && maskIds.contains(id.substring(0, id.length() - CHANNEL_SUFFIX.length())) && !maskIds.contains(id));
    if (!all) {
      return images;
    }
    Map<String, Path> out = new TreeMap<>();
    images.forEach((id, p) -> out.put(id.substring(0, id.length() - CHANNEL_SUFFIX.length()), p));
    return out;
  }

  private static Path folderOf(Map<String, Path> volumes, Path fallback) {
    return volumes.isEmpty() ? fallback : volumes.values().iterator().next().getParent();
  }

  private static List<CasePair> pairMiscnn(Path dir) throws IOException {
    List<CasePair> pairs = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path c : (Iterable<Path>) children.filter(Files::isDirectory)
          .filter(DatasetLayout::visible).sorted()::iterator) {
        Path image = c.resolve(MISCNN_IMAGE);
        Path mask = c.resolve(MISCNN_MASK);
        String id = c.getFileName().toString();
        if (Files.isRegularFile(image) && !Files.isRegularFile(mask)) {
          throw new DatasetException(id + ": " + image + " has no " + MISCNN_MASK
              + " next to it; add the mask or remove the case folder");
        }
        if (!Files.isRegularFile(image) && Files.isRegularFile(mask)) {
          throw new DatasetException(id + ": " + mask + " has no " + MISCNN_IMAGE
              + " next to it; add the image or remove the case folder");
        }
        if (Files.isRegularFile(image)) {
          pairs.add(new CasePair(id, image, mask));
        }
      }
    }
    return pairs;
  }
}
