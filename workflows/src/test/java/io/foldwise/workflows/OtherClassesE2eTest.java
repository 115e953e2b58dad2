package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.segmentation.hash.Sha256;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiDatatype;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;

/**
 * A data set that is not lungs, run as a new user would: three classes (background, soft_tissue,
 * bone) of small generated head phantoms, the images in an archive with its own name and folder
 * inside ({@code HeadCT_scans.zip} holding {@code scans/}), the masks as a local folder of NIfTI files,
 * and the experiment file outside {@code experiments/}. Every output is named for its own classes.
 */
class OtherClassesE2eTest {
  /** The classes and the group, in the order every output names them. */
  static final List<String> REPORTED = List.of("background", "soft_tissue", "bone", "head");

  @TempDir static Path tmp;

  @Test
  void threeClassDataSetFromAFileOutsideTheCatalogReportsItsOwnClasses() throws Exception {
    E2e e2e = E2e.get();
    Path scans = Files.createDirectories(tmp.resolve("raw/scans"));
    Path labels = Files.createDirectories(tmp.resolve("raw/labels"));
    for (int i = 1; i <= 4; i++) {
      writeHeadPhantom(scans, labels, "head_0" + i, 1000L + i);
    }
    Path zip = tmp.resolve("HeadCT_scans.zip");
    zip(tmp.resolve("raw"), scans, zip);
    Path yaml = Files.createDirectories(tmp.resolve("my-experiments")).resolve("head-ct-e2e.yaml");
    Files.writeString(yaml, """
        name: head-ct-e2e
        description: Generated head phantoms, three classes, not lungs.
        seed: 3
        data:
          classes: [background, soft_tissue, bone]
          images: {url: '%s', sha256: %s}
          masks: {url: '%s', sha256: %s}
        preprocessing:
          clip: [-1000, 1500]
          grayscale: true
          target_spacing: [1.5, 1.5, 3.0]
          image_interpolation: linear
          label_interpolation: linear_rounded
          zscore: true
        model: {architecture: unet3d_standard, depth: 2, base_filters: 8, patch: [24, 24, 8], bn_momentum: 0.9}
        training:
          folds: 2
          epochs: 4
          iterations_per_epoch: 10
          batch_size: 2
          learning_rate: 0.01
          loss: tversky_crossentropy
          metrics: [tversky_loss, dice_soft, dice_crossentropy]
          augmentation: none
          foreground_oversampling: 0.5
          validation_patches: 2
          reduce_lr_on_plateau: {monitor: loss, factor: 0.5, patience: 3}
          early_stopping: {monitor: val_loss, patience: 20}
        evaluation:
          overlap: [12, 12, 4]
          nsd_tolerance_mm: [1, 1, 1]
          overlays: 1
          groups: {head: [soft_tissue, bone]}
        """.formatted(zip.toUri(), Sha256.of(zip), labels.toUri(), Sha256.ofFolder(labels)));

    ExperimentConfig config = e2e.session.catalog().get(yaml.toString());
    assertEquals(List.of("background", "soft_tissue", "bone"), config.data().classes());
    e2e.session.store().deletePrefix(StageKeys.runPrefix(config) + "/");
    Launch launch = e2e.launch(config);
    assertEquals("foldwise_head_ct_e2e", launch.workflowName());
    Workflow wf = e2e.await(launch.workflowId(), Duration.ofMinutes(15));
    E2e.assertCompleted(wf);

    @SuppressWarnings("unchecked")
    Map<String, Number> diceMean = (Map<String, Number>) wf.getOutput().get("diceMean");
    System.out.println("head-ct-e2e cross-validation mean dice " + diceMean);
    assertEquals(REPORTED, List.copyOf(diceMean.keySet()));
    for (Workflow fold : e2e.folds(wf, 2)) {
      E2e.assertCompleted(fold);
      @SuppressWarnings("unchecked")
      Map<String, Number> median = (Map<String, Number>) fold.getOutput().get("diceMedian");
      assertEquals(REPORTED, List.copyOf(median.keySet()), "fold " + fold.getInput().get("fold"));
    }
    Run parent = e2e.mlflow.getRun((String) wf.getOutput().get("parentRunId"));
    Map<String, Double> metrics = parent.getData().getMetricsList().stream()
        .collect(Collectors.toMap(Metric::getKey, Metric::getValue, (a, b) -> b));
    for (String name : REPORTED) {
      assertEquals(diceMean.get(name).doubleValue(), metrics.getOrDefault("cv.dice_" + name + ".mean", Double.NaN),
          1e-9, name + ": " + metrics.keySet());
    }
    // the tiny model learns the big classes: the outputs are numbers, not placeholders
    assertTrue(diceMean.get("background").doubleValue() > 0.9, diceMean.toString());
    assertTrue(diceMean.get("soft_tissue").doubleValue() > 0.5, diceMean.toString());
    assertTrue(diceMean.get("bone").doubleValue() > 0.5, diceMean.toString());
    assertFalse(metrics.keySet().stream().anyMatch(k -> k.contains("lung") || k.contains("infection")),
        metrics.keySet().toString());

    // the download stage read the archive's own name and folder, and took the masks from the local folder
    List<String> log = new com.netflix.conductor.client.http.TaskClient(e2e.session.conductor())
        .getTaskLogs(E2e.task(wf, "download").getTaskId()).stream()
        .map(com.netflix.conductor.common.metadata.tasks.TaskExecLog::getLog).toList();
    assertTrue(log.contains("images: 4 volumes in scans/ of HeadCT_scans.zip"), log.toString());
    assertTrue(log.contains("masks folder " + labels + ": checksum verified"), log.toString());
  }

  /** A head: an ellipse of soft tissue (40 HU) with a bone ring (900 HU) inside its rim, in air; seeded. */
  static void writeHeadPhantom(Path scans, Path labels, String caseId, long seed) throws IOException {
    Random r = new Random(seed);
    int nx = 40;
    int ny = 40;
    int nz = 12;
    Geometry g = Geometry.of(new int[] {nx, ny, nz}, new double[] {1.5, 1.5, 3.0});
    float[] hu = new float[g.voxelCount()];
    byte[] lab = new byte[g.voxelCount()];
    double cx = nx / 2.0 + r.nextInt(5) - 2;
    double cy = ny / 2.0 + r.nextInt(5) - 2;
    double rx = 13 + r.nextInt(4);
    double ry = 11 + r.nextInt(4);
    double inner = 0.70 + 0.05 * r.nextDouble();
    for (int z = 0; z < nz; z++) {
      double shrink = 1 - 0.15 * Math.abs(z - nz / 2.0) / nz;
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          double dx = (x - cx) / (rx * shrink);
          double dy = (y - cy) / (ry * shrink);
          double rho = Math.sqrt(dx * dx + dy * dy);
          int label = rho >= 1 ? 0 : rho >= inner && rho < inner + 0.15 ? 2 : 1;
          double base = label == 0 ? -1000 : label == 1 ? 40 : 900;
          int i = g.index(x, y, z);
          hu[i] = (float) Math.round(base + 20 * r.nextGaussian());
          lab[i] = (byte) label;
        }
      }
    }
    Nifti.writeImage(scans.resolve(caseId + ".nii.gz"), new ImageVolume(g, hu), NiftiDatatype.INT16);
    Nifti.writeLabels(labels.resolve(caseId + ".nii.gz"), new LabelVolume(g, lab));
  }

  /** Zips {@code folder} with entry names relative to {@code root} (so the archive holds {@code scans/...}). */
  static void zip(Path root, Path folder, Path zip) throws IOException {
    List<Path> files = new ArrayList<>();
    try (var s = Files.list(folder)) {
      s.sorted().forEach(files::add);
    }
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(root.relativize(folder) + "/"));
      z.closeEntry();
      for (Path f : files) {
        ZipEntry e = new ZipEntry(root.relativize(f).toString());
        e.setTime(0);
        z.putNextEntry(e);
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
    }
  }
}
