package io.foldwise.worker.download;

import io.foldwise.runtime.experiment.ArchiveSource;
import io.foldwise.runtime.experiment.PhantomSource;
import io.foldwise.runtime.experiment.Workspace;
import io.foldwise.segmentation.phantom.PhantomDataset;
import io.foldwise.segmentation.phantom.PhantomSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes the phantom archives of an experiment into a local folder and returns them as {@code file:}
 * sources with their checksums, so phantoms go through exactly the path real archives take.
 * Generation is seeded: the same spec always gives the same archive bytes.
 */
final class PhantomArchives {
  private PhantomArchives() {}

  /** The generator's spec of an experiment's phantoms: its shape, per-case slice counts and windowed cases. */
  static PhantomSpec spec(PhantomSource source) {
    PhantomSpec spec = PhantomSpec.of(source.cases(), source.seed()).withShape(source.largestShape())
        .withWindowedCases(source.windowed());
    int[] slices = source.slices();
    return slices == null ? spec : spec.withSlices(slices[0], slices[1]);
  }

  /** [images, masks] archives for {@code source}, generated under {@code dir}. */
  static List<ArchiveSource> write(PhantomSource source, Path dir, Consumer<String> progress)
      throws IOException {
    PhantomSpec spec = spec(source);
    Path images = dir.resolve(PhantomDataset.IMAGES_ZIP);
    Path masks = dir.resolve(PhantomDataset.MASKS_ZIP);
    if (!Files.exists(images) || !Files.exists(masks)) {
      Path tmp = Files.createDirectories(dir.getParent()).resolve(dir.getFileName() + ".tmp-" + System.nanoTime());
      PhantomDataset.write(tmp, spec, progress);
      Files.createDirectories(dir);
      Files.move(tmp.resolve(PhantomDataset.IMAGES_ZIP), images, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp.resolve(PhantomDataset.MASKS_ZIP), masks, StandardCopyOption.ATOMIC_MOVE);
      Workspace.delete(tmp);
    }
    return List.of(
        new ArchiveSource(images.toUri().toString(), PhantomDataset.sha256(images)),
        new ArchiveSource(masks.toUri().toString(), PhantomDataset.sha256(masks)));
  }
}
