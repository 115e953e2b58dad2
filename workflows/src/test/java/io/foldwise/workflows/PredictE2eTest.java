package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.predict.FoldModels;
import io.foldwise.predict.Predict;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.experiment.StoredDataset;
import io.foldwise.runtime.model.MlModel;
import io.foldwise.runtime.tracking.ModelRegistry;
import io.foldwise.segmentation.dataset.ClassNames;
import io.foldwise.segmentation.metrics.SegmentationMetrics;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./foldwise predict}'s path (registry -> MLmodel + DL4J zip -> preprocessing -> sliding window -> back to
 * the scan's grid) on a small phantom experiment run to COMPLETED: one fold's registered model reproduces, for one
 * of its validation cases, the label map and the Dice the evaluation reported; an execution's fold ensemble averages
 * the folds' softmax and writes a label map with the scan's shape and affine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictE2eTest {
  static E2e e2e;
  static ExperimentConfig config;
  static Workflow execution;
  static String caseId;
  static Path scan;
  static LabelVolume truth;
  static JsonNode reported;
  @TempDir static Path dir;

  @BeforeAll
  static void runSmallExperiment() throws Exception {
    e2e = E2e.get();
    config = E2e.variant(e2e.named("phantom-smoke"), "predict-e2e", Map.of("training.folds", 2, "training.epochs", 2,
        "training.iterations_per_epoch", 10, "evaluation.overlays", 0));
    e2e.session.store().deletePrefix(StageKeys.runPrefix(config) + "/");
    execution = e2e.await(e2e.launch(config).workflowId(), Duration.ofMinutes(20));
    E2e.assertCompleted(execution);
    ArtifactStore store = e2e.session.store();
    JsonNode metrics = new ObjectMapper().readTree(store.getBytes(FoldFiles.metricsKey(config, 0)));
    reported = metrics.path("cases").get(0);
    caseId = reported.path("caseId").asText();
    String datasetPrefix = (String) E2e.task(e2e.folds(execution, 2).get(0), "evaluate").getInputData()
        .get("datasetPrefix");
    Path scans = Files.createDirectories(dir.resolve("scans"));
    scan = scans.resolve(caseId + ".nii.gz");
    store.getFile(StoredDataset.imageKey(datasetPrefix, caseId), scan);
    Path mask = dir.resolve("mask.nii.gz");
    store.getFile(StoredDataset.maskKey(datasetPrefix, caseId), mask);
    truth = Nifti.readLabels(mask);
  }

  @Test
  @Order(1)
  void eachFoldIsARegisteredMlflowModelDirectoryLinkedToItsRun() throws Exception {
    ModelRegistry registry = ModelRegistry.connect(e2e.settings);
    for (int k = 0; k < 2; k++) {
      Workflow fold = e2e.folds(execution, 2).get(k);
      String version = (String) E2e.task(fold, "evaluate").getOutputData().get("modelVersion");
      String runId = (String) E2e.task(fold, "train").getOutputData().get("foldRunId");
      ModelRegistry.Version v = registry.version("predict-e2e-fold-" + k, version);
      assertEquals(runId, v.runId());
      assertTrue(v.source().startsWith("mlflow-artifacts:/") && v.source().endsWith("/" + runId + "/artifacts/model"),
          v.source());
      assertEquals(List.of("model/MLmodel", "model/model.zip"), e2e.session.tracking().listArtifacts(runId, "model"));
      Path d = registry.download(v, dir.resolve("download-" + k));
      MlModel card = MlModel.parse(Files.readString(d.resolve("MLmodel")), v.toString());
      assertEquals(k, card.fold());
      assertEquals(runId, card.runId());
      assertEquals(config.hash(), card.configHash());
      assertEquals(config.data().classes(), card.classes());
      assertEquals(config.preprocessing(), card.preprocessing());
      assertArrayEquals(config.model().patch(), card.model().patch());
      assertEquals(e2e.session.tracking().runTags(runId).get("foldwise.native_backend"), card.nativeBuild());
      // evaluation stored every validation case's label map in MinIO and in the run
      for (JsonNode c : new ObjectMapper().readTree(e2e.session.store().getBytes(FoldFiles.metricsKey(config, k)))
          .path("cases")) {
        String id = c.path("caseId").asText();
        assertTrue(e2e.session.store().exists(FoldFiles.predictionKey(config, k, id)), id);
        assertTrue(e2e.session.tracking().listArtifacts(runId, "predictions").contains("predictions/" + id + ".nii.gz"),
            id);
      }
    }
  }

  @Test
  @Order(2)
  void oneFoldsModelGivesTheLabelsAndDiceEvaluationReported() throws Exception {
    String version = (String) E2e.task(e2e.folds(execution, 2).get(0), "evaluate").getOutputData().get("modelVersion");
    Path out = dir.resolve("fold0/seg.nii.gz");
    FoldModels models = FoldModels.load(ModelRegistry.connect(e2e.settings), "predict-e2e-fold-0/" + version,
        Files.createDirectories(dir.resolve("models-fold0")));
    assertEquals(1, models.members().size());
    Predict.run(models, scan, out, true, System.out::println);

    LabelVolume labels = Nifti.readLabels(out);
    assertSameGrid(Nifti.read(scan).geometry(), labels.geometry());
    LabelVolume evaluated = Nifti.readLabels(e2e.session.store().open(FoldFiles.predictionKey(config, 0, caseId)),
        caseId, io.foldwise.segmentation.nifti.NiftiReadOptions.defaults());
    assertArrayEquals(evaluated.data(), labels.data(), "predict and evaluation disagree on " + caseId);
    Map<String, Double> dice = SegmentationMetrics.compute(labels, truth, config.data().classes().size(),
        config.evaluation().nsdToleranceMm()).flat(new ClassNames(config.data().classes()), config.evaluation().groups());
    for (String name : config.data().classes()) {
      String key = "dice_" + name;
      System.out.println("predict-e2e fold 0 " + caseId + " " + key + ": predict " + dice.get(key) + ", evaluation "
          + reported.path("metrics").path(key).asDouble());
      assertEquals(reported.path("metrics").path(key).asDouble(), dice.get(key), 1e-12, key);
    }
    for (String name : config.data().classes()) {
      assertTrue(Files.exists(dir.resolve("fold0/seg_prob_" + name + ".nii.gz")), name);
    }
  }

  @Test
  @Order(3)
  void theExecutionsEnsembleAveragesTheFoldsSoftmax() throws Exception {
    ModelRegistry registry = ModelRegistry.connect(e2e.settings);
    FoldModels ensemble = FoldModels.load(registry, execution.getWorkflowId(),
        Files.createDirectories(dir.resolve("models-ensemble")));
    assertEquals(2, ensemble.members().size());
    Path outDir = dir.resolve("ensemble");
    Predict.run(ensemble, scan.getParent(), outDir, true, System.out::println); // a folder of scans
    Path out = outDir.resolve(scan.getFileName());
    LabelVolume labels = Nifti.readLabels(out);
    assertSameGrid(Nifti.read(scan).geometry(), labels.geometry());

    String v1 = (String) E2e.task(e2e.folds(execution, 2).get(1), "evaluate").getOutputData().get("modelVersion");
    Predict.run(FoldModels.load(registry, "predict-e2e-fold-1/" + v1, Files.createDirectories(dir.resolve("models-fold1"))),
        scan, dir.resolve("fold1/seg.nii.gz"), true, System.out::println);
    for (int c = 0; c < config.data().classes().size(); c++) {
      String name = config.data().classes().get(c);
      float[] p0 = Nifti.readImage(dir.resolve("fold0/seg_prob_" + name + ".nii.gz")).data();
      float[] p1 = Nifti.readImage(dir.resolve("fold1/seg_prob_" + name + ".nii.gz")).data();
      ImageVolume pe = Nifti.readImage(Path.of(out.toString().replace(".nii.gz", "_prob_" + name + ".nii.gz")));
      for (int i = 0; i < p0.length; i++) {
        assertEquals((p0[i] + p1[i]) / 2, pe.data()[i], 1e-5, name + " voxel " + i);
      }
    }
    Map<String, Double> ensembleDice = SegmentationMetrics.compute(labels, truth, config.data().classes().size(),
        config.evaluation().nsdToleranceMm()).flat(new ClassNames(config.data().classes()), config.evaluation().groups());
    config.data().classes().forEach(name -> System.out.println("predict-e2e ensemble " + caseId + " dice_" + name + ": "
        + ensembleDice.get("dice_" + name)));
  }

  private static void assertSameGrid(Geometry expected, Geometry actual) {
    assertArrayEquals(expected.shape(), actual.shape());
    assertArrayEquals(expected.affine(), actual.affine(), 1e-6);
  }
}
