package io.foldwise.segmentation.phantom;

import io.foldwise.segmentation.dataset.DatasetLayout;
import io.foldwise.segmentation.hash.Sha256;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiDatatype;
import io.foldwise.segmentation.volume.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes a synthetic data set in the layout of the extracted Zenodo 3757476 archives, and the
 * archives themselves:
 *
 * <pre>
 * OUT/COVID-19-CT-Seg_20cases/phantom_001.nii.gz     int16 CT in HU (uint8 0..255 when windowed)
 * OUT/Lung_and_Infection_Mask/phantom_001.nii.gz     uint8 labels 0..3
 * OUT/COVID-19-CT-Seg_20cases.zip                    entries phantom_001.nii.gz ... at the root
 * OUT/Lung_and_Infection_Mask.zip                    same entry names
 * OUT/phantoms.json                                  what was intended ({@link PhantomManifest})
 * </pre>
 *
 * <p>The same spec always gives byte-identical files. Cases are generated and written one at a
 * time, so memory stays at one case whatever the number of cases.
 */
public final class PhantomDataset {
  public static final String IMAGES_ZIP = DatasetLayout.IMAGES_DIR + ".zip";
  public static final String MASKS_ZIP = DatasetLayout.MASKS_DIR + ".zip";

  private PhantomDataset() {}

  public static PhantomManifest write(Path out, PhantomSpec spec) throws IOException {
    return write(out, spec, message -> {});
  }

  /** Writes the data set; {@code progress} receives one line per case and per archive. */
  public static PhantomManifest write(Path out, PhantomSpec spec, Consumer<String> progress)
      throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IOException(out + " exists and is not a directory; choose another --out");
    }
    Path images = Files.createDirectories(out.resolve(DatasetLayout.IMAGES_DIR));
    Path masks = Files.createDirectories(out.resolve(DatasetLayout.MASKS_DIR));
    List<PhantomCase> cases = new ArrayList<>();
    List<Path> imageFiles = new ArrayList<>();
    List<Path> maskFiles = new ArrayList<>();
    for (int i = 0; i < spec.cases(); i++) {
      PhantomGenerator.Generated g = PhantomGenerator.generate(spec, i);
      Sample s = g.sample();
      Path image = images.resolve(s.caseId() + ".nii.gz");
      Path mask = masks.resolve(s.caseId() + ".nii.gz");
      Nifti.writeImage(image, s.image(),
          g.description().windowed() ? NiftiDatatype.UINT8 : NiftiDatatype.INT16);
      Nifti.writeLabels(mask, s.label());
      imageFiles.add(image);
      maskFiles.add(mask);
      cases.add(g.description().withHashes(sha256(image), sha256(mask)));
      progress.accept("phantom " + (i + 1) + "/" + spec.cases() + ": " + s.caseId());
    }
    DeterministicZip.write(out.resolve(IMAGES_ZIP), imageFiles);
    progress.accept("archive " + IMAGES_ZIP);
    DeterministicZip.write(out.resolve(MASKS_ZIP), maskFiles);
    progress.accept("archive " + MASKS_ZIP);
    PhantomManifest manifest = PhantomManifest.of(spec, cases);
    Files.writeString(out.resolve(PhantomManifest.FILE_NAME), manifest.toJson(),
        StandardCharsets.UTF_8);
    return manifest;
  }

  /** SHA-256 (lower-case hex) of a file's bytes. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Sha256.of(in);
    }
  }

}
