package io.foldwise.worker.train;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.runtime.experiment.PreprocessedSamples;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiReadOptions;
import io.foldwise.segmentation.volume.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads preprocessed samples ({@code <prefix>/images|labels/<case>.nii.gz}) straight from the artifact store.
 * Each image and label map is then kept in a file under the fold's case folder
 * ({@link io.foldwise.segmentation.volume.ImageVolume#spill}, {@link io.foldwise.segmentation.volume.LabelVolume#spill}):
 * training crops its patches from there, so the worker's memory holds the patches, not the fold's cases (at paper
 * scale ~440 MiB less at the training step's peak for the images, BENCHMARKS.md; the labels are a fifth of that).
 */
final class SampleLoader {
  private SampleLoader() {}

  static List<Sample> load(ArtifactStore store, String prefix, List<String> caseIds, Path caseDir,
      Consumer<String> progress) throws IOException {
    List<Sample> out = new ArrayList<>();
    for (String id : caseIds) {
      String imageKey = PreprocessedSamples.imageKey(prefix, id);
      String labelKey = PreprocessedSamples.labelKey(prefix, id);
      if (!store.exists(imageKey) || !store.exists(labelKey)) {
        throw new InvalidInputException("case " + id + ": no preprocessed sample at " + store.uri(imageKey)
            + "; rerun the preprocess stage");
      }
      try (InputStream image = store.open(imageKey); InputStream label = store.open(labelKey)) {
        out.add(new Sample(id, Nifti.read(image, id + ".nii.gz", NiftiReadOptions.defaults()).toImageVolume()
                .spill(caseDir.resolve(id + ".f32")),
            Nifti.read(label, id + ".nii.gz", NiftiReadOptions.defaults()).toLabelVolume()
                .spill(caseDir.resolve(id + ".u8"))));
      }
      progress.accept("loaded " + out.size() + "/" + caseIds.size() + ": " + id);
    }
    return out;
  }
}
