package io.foldwise.predict;

import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.unet.predict.Segmentation;
import io.foldwise.unet.predict.Segmenter;
import io.foldwise.unet.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ./foldwise predict}: segments a scan or a folder of scans with {@link FoldModels} and writes each
 * label map (uint8 NIfTI with the scan's shape and affine), and on request one probability map per class.
 * Every scan is checked before any model is loaded, so a scan the model cannot take fails fast.
 */
public final class Predict {
  /** What was written for one scan. */
  public record Output(Path scan, Path labels, List<Path> probabilities, int[] shape, int windows, long millis) {}

  private Predict() {}

  /** Checks every scan of {@code input} (dimensionality, finite voxels) and where the outputs go; returns the scans. */
  public static List<Path> check(Path input, Path out) throws IOException {
    List<Path> scans = Scans.of(input);
    if (Files.isDirectory(input) && Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a file but --input " + input + " is a folder; give a "
          + "folder for the label maps");
    }
    if (!Files.isDirectory(input) && Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a folder; give the label map's file name, e.g. "
          + out.resolve("seg.nii.gz"));
    }
    for (Path scan : scans) {
      Scans.read(scan);
    }
    return scans;
  }

  private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

  /** Segments every scan with the models; {@code log} gets one line per scan, and a progress line every 10 s. */
  public static List<Output> run(FoldModels models, Path input, Path out, boolean probabilities, Consumer<String> log)
      throws IOException {
    List<Path> scans = check(input, out);
    Segmenter segmenter = models.segmenter();
    List<Output> outputs = new ArrayList<>();
    for (Path scan : scans) {
      long start = System.nanoTime();
      ImageVolume volume = Scans.read(scan);
      long[] lastLine = {start};
      Segmentation s = segmenter.segment(scan.getFileName().toString(), volume, step -> {
        if (System.nanoTime() - lastLine[0] >= PROGRESS_INTERVAL_NANOS) { // a heartbeat on a long scan
          lastLine[0] = System.nanoTime();
          log.accept(scan.getFileName() + ": " + step);
        }
      });
      Path labels = Scans.output(input, scan, out);
      if (labels.getParent() != null) {
        Files.createDirectories(labels.getParent());
      }
      Nifti.writeLabels(labels, s.labels());
      List<Path> maps = new ArrayList<>();
      if (probabilities) {
        for (int c = 0; c < models.classes().size(); c++) {
          Path map = Scans.probability(labels, models.classes().get(c));
          Nifti.writeImage(map, s.probability(c));
          maps.add(map);
        }
      }
      Output o = new Output(scan, labels, maps, volume.geometry().shape(), s.windows(),
          (System.nanoTime() - start) / 1_000_000);
      outputs.add(o);
      log.accept(scan + " -> " + labels + " (" + java.util.Arrays.toString(o.shape()) + ", " + o.windows()
          + " windows, " + o.millis() + " ms" + (maps.isEmpty() ? "" : ", " + maps.size() + " probability maps") + ")");
    }
    Trainer.releaseWorkspaces();
    return outputs;
  }
}
