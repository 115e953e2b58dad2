package io.foldwise.predict;

import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiReadOptions;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.unet.predict.ScanCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The scans of {@code --input} (a NIfTI file, or every NIfTI file in a folder) and where each one's output goes. */
public final class Scans {
  private Scans() {}

  /** {@code input} itself, or the {@code .nii} / {@code .nii.gz} files directly in the folder, sorted. */
  public static List<Path> of(Path input) throws IOException {
    if (Files.isDirectory(input)) {
      List<Path> scans;
      try (Stream<Path> files = Files.list(input)) {
        scans = files.filter(p -> Files.isRegularFile(p) && isNifti(p)).sorted().toList();
      }
      if (scans.isEmpty()) {
        throw new IllegalArgumentException("--input " + input + " is a folder without .nii or .nii.gz files");
      }
      return scans;
    }
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException("--input " + input + " does not exist; give a NIfTI scan or a folder of them");
    }
    return List.of(input);
  }

  /** The label map's path: {@code out} for a single scan, {@code out/<scan file name>} for a folder. */
  public static Path output(Path input, Path scan, Path out) {
    if (Files.isDirectory(input)) {
      String name = scan.getFileName().toString();
      return out.resolve(name.endsWith(".nii") ? name + ".gz" : name);
    }
    return out;
  }

  /** {@code seg.nii.gz} -> {@code seg_prob_<class>.nii.gz} beside it. */
  public static Path probability(Path labels, String className) {
    String name = labels.getFileName().toString();
    String stem = name.endsWith(".nii.gz") ? name.substring(0, name.length() - 7)
        : name.endsWith(".nii") ? name.substring(0, name.length() - 4) : name;
    return labels.resolveSibling(stem + "_prob_" + className + ".nii.gz");
  }

  /** The scan as a volume the model can take ({@link ScanCheck}), NaN and infinite voxels reported, not read over. */
  public static ImageVolume read(Path scan) throws IOException {
    return ScanCheck.volume(Nifti.read(scan, NiftiReadOptions.defaults().withRejectNonFinite(false)));
  }

  static boolean isNifti(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".nii") || n.endsWith(".nii.gz");
  }
}
