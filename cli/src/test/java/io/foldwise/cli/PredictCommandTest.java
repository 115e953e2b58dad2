package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.model.MlModel;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.ModelIO;
import io.foldwise.unet.model.UnetFactory;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import io.foldwise.runtime.tracking.ModelRegistry;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./foldwise predict}'s refusals: scans the model cannot take (checked before MLflow is asked), bad paths, unknown models. */
class PredictCommandTest {
  @TempDir Path dir;

  @Test
  void a2dScanIsRefusedBeforeAnyModelIsLoaded() throws IOException {
    Path scan = raw(dir.resolve("slice.nii"), new int[] {8, 6});
    CapturedRun r = CapturedRun.of("predict", "--model", "never-looked-up", "--input", scan.toString(),
        "--out", dir.resolve("seg.nii.gz").toString());
    assertEquals(2, r.status());
    assertEquals("foldwise: " + scan + ": is 2D with dims [8, 6]; the model segments 3D volumes (x, y, z): give it a "
        + "3D scan\n", r.err());
    assertEquals(false, Files.exists(dir.resolve("seg.nii.gz")));
  }

  @Test
  void a4dScanIsRefused() throws IOException {
    Path scan = raw(dir.resolve("series.nii"), new int[] {4, 4, 3, 2});
    CapturedRun r = CapturedRun.of("predict", "--model", "never-looked-up", "--input", scan.toString(),
        "--out", dir.resolve("seg.nii.gz").toString());
    assertEquals(2, r.status());
    assertEquals("foldwise: " + scan + ": is 4D with dims [4, 4, 3, 2]; the model segments 3D volumes (x, y, z): "
        + "split it into 3D volumes first\n", r.err());
  }

  @Test
  void a4dScanWithOneTimePointIsA3dVolume() throws IOException {
    Path scan = raw(dir.resolve("one.nii"), new int[] {4, 4, 3, 1});
    assertEquals(java.util.List.of(scan), io.foldwise.predict.Predict.check(scan, dir.resolve("seg.nii.gz")));
  }

  @Test
  void nanVoxelsAreRefusedNamingTheFirst() throws IOException {
    float[] data = new float[4 * 3 * 2];
    data[5] = Float.NaN;
    data[17] = Float.POSITIVE_INFINITY;
    Path scan = dir.resolve("nan.nii.gz");
    Nifti.writeImage(scan, new ImageVolume(Geometry.of(new int[] {4, 3, 2}, new double[] {1, 1, 2}), data));
    CapturedRun r = CapturedRun.of("predict", "--model", "never-looked-up", "--input", scan.toString(),
        "--out", dir.resolve("seg.nii.gz").toString());
    assertEquals(2, r.status());
    assertEquals("foldwise: " + scan + ": 2 voxels are NaN or infinite (first at voxel (1, 1, 0), value NaN); the "
        + "model needs finite intensities: replace them and predict again\n", r.err());
  }

  @Test
  void aFolderOfScansIsCheckedScanByScan() throws IOException {
    Path scans = Files.createDirectories(dir.resolve("scans"));
    Nifti.writeImage(scans.resolve("a.nii.gz"), new ImageVolume(Geometry.of(new int[] {4, 3, 2},
        new double[] {1, 1, 2}), new float[24]));
    Path bad = raw(scans.resolve("b.nii"), new int[] {8, 6});
    CapturedRun r = CapturedRun.of("predict", "--model", "m", "--input", scans.toString(), "--out",
        dir.resolve("out").toString());
    assertEquals("foldwise: " + bad + ": is 2D with dims [8, 6]; the model segments 3D volumes (x, y, z): give it "
        + "a 3D scan\n", r.err());
  }

  @Test
  void missingInputAndEmptyFolder() throws IOException {
    CapturedRun missing = CapturedRun.of("predict", "--model", "m", "--input", dir.resolve("nope.nii.gz").toString(),
        "--out", dir.resolve("seg.nii.gz").toString());
    assertEquals("foldwise: --input " + dir.resolve("nope.nii.gz") + " does not exist; give a NIfTI scan or a folder "
        + "of them\n", missing.err());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CapturedRun none = CapturedRun.of("predict", "--model", "m", "--input", empty.toString(), "--out",
        dir.resolve("out").toString());
    assertEquals("foldwise: --input " + empty + " is a folder without .nii or .nii.gz files\n", none.err());
  }

  @Test
  void aSingleScanNeedsAnOutputFileNotAFolder() throws IOException {
    Path scan = dir.resolve("a.nii.gz");
    Nifti.writeImage(scan, new ImageVolume(Geometry.of(new int[] {4, 3, 2}, new double[] {1, 1, 2}), new float[24]));
    CapturedRun r = CapturedRun.of("predict", "--model", "m", "--input", scan.toString(), "--out", dir.toString());
    assertEquals("foldwise: --out " + dir + " is a folder; give the label map's file name, e.g. "
        + dir.resolve("seg.nii.gz") + "\n", r.err());
  }

  /** Against the test stack's MLflow: a name that is neither a registered model nor an execution lists the models. */
  @Test
  void anUnknownModelNameListsTheRegisteredModels() throws Exception {
    Settings settings = Settings.load();
    HttpClient http = HttpClient.newHttpClient();
    http.send(HttpRequest.newBuilder(URI.create(settings.mlflowUrl() + "/api/2.0/mlflow/registered-models/create"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"predict-command-test\"}")).build(),
        HttpResponse.BodyHandlers.ofString()); // 400 RESOURCE_ALREADY_EXISTS on a second run: fine
    Path scan = dir.resolve("a.nii.gz");
    Nifti.writeImage(scan, new ImageVolume(Geometry.of(new int[] {4, 3, 2}, new double[] {1, 1, 2}), new float[24]));
    CapturedRun r = CapturedRun.of("predict", "--model", "no-such-model", "--input", scan.toString(), "--out",
        dir.resolve("seg.nii.gz").toString());
    assertEquals(2, r.status());
    String names = String.join(", ", ModelRegistry.connect(settings).names());
    assertEquals(true, names.contains("predict-command-test"), names);
    assertEquals("foldwise: no registered model 'no-such-model' and no experiment execution of that id in MLflow at "
        + settings.mlflowUrl() + "; registered models: " + names + "\n", r.err());
    CapturedRun version = CapturedRun.of("predict", "--model", "predict-command-test/3", "--input", scan.toString(),
        "--out", dir.resolve("seg.nii.gz").toString());
    assertEquals("foldwise: registered model 'predict-command-test' has no version '3'; its versions: (none)\n",
        version.err());
  }

  /**
   * The command end to end against the test stack's MLflow, with an untrained U-Net registered as a fold model
   * would be (run artifacts model/MLmodel + model/model.zip, version source = the directory): the label map has
   * the scan's shape and affine, and the probability maps sum to one.
   */
  @Test
  void predictsWithARegisteredModel() throws Exception {
    Settings settings = Settings.load();
    ExperimentConfig config = ExperimentConfig.load(Path.of("../experiments/phantom-smoke.yaml"));
    String version;
    try (Tracking tracking = Tracking.connect(settings)) {
      String runId = tracking.startRun(tracking.experimentId("predict-command-test"), "predict-command-test/"
          + System.nanoTime(), Map.of(), null);
      ComputationGraph graph = UnetFactory.create(new UnetConfig(2, 8, 4, new int[] {32, 32, 4}, 1, 0.9, 1e-3, 7),
          TrainingConfig.smoke());
      ByteArrayOutputStream zip = new ByteArrayOutputStream();
      ModelIO.write(graph, zip, false);
      tracking.uploadArtifact(runId, "model/model.zip", zip.toByteArray());
      tracking.uploadArtifact(runId, "model/MLmodel", MlModel.of(config, 0, runId, Instant.now(), "test", "test")
          .render().getBytes(StandardCharsets.UTF_8));
      version = tracking.registerModelVersion("predict-command-test-model", runId, "model");
    }
    float[] data = new float[40 * 36 * 12];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < data.length; i++) {
      data[i] = -1000 + 1200 * random.nextFloat();
    }
    double[] affine = {-1.2, 0, 0, 30, 0, 1.1, 0, -40, 0, 0, 2.5, 12.5, 0, 0, 0, 1};
    Geometry geometry = Geometry.of(new int[] {40, 36, 12}, new double[] {1.2, 1.1, 2.5}, affine);
    Path scan = dir.resolve("scan.nii.gz");
    Nifti.writeImage(scan, new ImageVolume(geometry, data));
    Path out = dir.resolve("out/seg.nii.gz");

    CapturedRun r = CapturedRun.of("predict", "--model", "predict-command-test-model", "--input", scan.toString(),
        "--out", out.toString(), "--probabilities");
    assertEquals("", r.err());
    assertEquals(0, r.status());
    assertEquals("model predict-command-test-model/" + version + ": classes [background, lung_L, lung_R, infection], "
        + "patch [32, 32, 4], spacing [0.75, 0.75, 1.5] mm", r.out().lines().findFirst().orElseThrow());
    LabelVolume labels = Nifti.readLabels(out);
    Geometry written = labels.geometry();
    assertEquals(java.util.Arrays.toString(Nifti.read(scan).geometry().shape()), java.util.Arrays.toString(written.shape()));
    org.junit.jupiter.api.Assertions.assertArrayEquals(Nifti.read(scan).geometry().affine(), written.affine(), 1e-6);
    float[] sum = new float[data.length];
    for (String name : config.data().classes()) {
      float[] p = Nifti.readImage(dir.resolve("out/seg_prob_" + name + ".nii.gz")).data();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += p[i];
      }
    }
    for (int i = 0; i < sum.length; i++) {
      assertEquals(1f, sum[i], 1e-3f, "voxel " + i);
    }
  }

  /** A float32 NIfTI-1 file of any dimensionality (the production writer writes 3D only). */
  static Path raw(Path file, int[] dims) throws IOException {
    int voxels = 1;
    for (int d : dims) {
      voxels *= d;
    }
    ByteBuffer b = ByteBuffer.allocate(352 + 4 * voxels).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 348);
    b.putShort(40, (short) dims.length);
    for (int i = 0; i < dims.length; i++) {
      b.putShort(42 + 2 * i, (short) dims[i]);
    }
    for (int i = dims.length; i < 7; i++) {
      b.putShort(42 + 2 * i, (short) 1);
    }
    b.putShort(70, (short) 16); // float32
    b.putShort(72, (short) 32);
    for (int i = 0; i < 8; i++) {
      b.putFloat(76 + 4 * i, 1f);
    }
    b.putFloat(108, 352f);
    b.putFloat(112, 1f);
    b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    for (int i = 0; i < voxels; i++) {
      b.putFloat(352 + 4 * i, i);
    }
    Files.write(file, b.array());
    return file;
  }
}
