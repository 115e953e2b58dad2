package io.foldwise.worker.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.TransferQueue;
import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.runtime.conductor.StageWorker;
import io.foldwise.runtime.conductor.TaskClock;
import io.foldwise.runtime.conductor.TaskContext;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.DiceByClass;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.PreprocessedSamples;
import io.foldwise.runtime.experiment.PreprocessingMapping;
import io.foldwise.runtime.experiment.StoredDataset;
import io.foldwise.runtime.experiment.TaskInputs;
import io.foldwise.runtime.tracking.MetricPoint;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.segmentation.dataset.ClassNames;
import io.foldwise.segmentation.folds.Fold;
import io.foldwise.segmentation.folds.FoldSplit;
import io.foldwise.segmentation.metrics.CaseMetrics;
import io.foldwise.segmentation.metrics.SegmentationMetrics;
import io.foldwise.segmentation.metrics.Summary;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiReadOptions;
import io.foldwise.segmentation.preprocess.PreprocessingPipeline;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.ModelIO;
import io.foldwise.unet.predict.Mirroring;
import io.foldwise.unet.predict.Segmentation;
import io.foldwise.unet.predict.Segmenter;
import io.foldwise.unet.train.Trainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@code foldwise_evaluate}: predicts each validation case of the fold with the sliding window on
 * its preprocessed image, puts the labels back on the original grid, computes every metric per
 * class against the original mask, and stores {@code evaluation/metrics.json}, overlay PNGs and each
 * case's predicted label map ({@code evaluation/predictions/<case>.nii.gz}). The fold's MLflow run gets
 * the medians (MIScnn reports medians), the files, and the model directory ({@code model/MLmodel} +
 * {@code model/model.zip}), registered as {@code <experiment>-fold-<k>}.
 */
public final class EvaluateWorker extends StageWorker {
  /** The task inputs this worker reads: exactly its task definition's inputParameters (a test checks). */
  public static final java.util.List<String> INPUTS = java.util.List.of("config", "fold", "samplesPrefix", "datasetPrefix", "splitKey", "modelKey", "foldRunId");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Settings settings;
  private final ArtifactStore store;
  private final Tracking tracking;

  public EvaluateWorker(Settings settings, ArtifactStore store, Tracking tracking) {
    super("foldwise_evaluate", INPUTS);
    this.settings = settings;
    this.store = store;
    this.tracking = tracking;
  }

  @Override
  protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception {
    ExperimentConfig config = TaskInputs.config(input);
    int fold = TaskInputs.integer(input, "fold");
    String samplesPrefix = TaskInputs.string(input, "samplesPrefix");
    String datasetPrefix = TaskInputs.string(input, "datasetPrefix");
    String splitKey = TaskInputs.string(input, "splitKey");
    String modelKey = TaskInputs.string(input, "modelKey");
    String runId = TaskInputs.string(input, "foldRunId");
    Fold f = FoldSplit.fromJson(new String(store.getBytes(splitKey), StandardCharsets.UTF_8)).fold(fold);
    tracking.setTag(runId, "foldwise.evaluate.host", ctx.host());
    tracking.setTag(runId, "foldwise.evaluate.worker_id", ctx.workerId());
    ClassNames names = new ClassNames(config.data().classes());
    ComputationGraph model;
    // the model reader needs a stream that reports available bytes: read the (small) model fully first
    byte[] modelBytes = store.getBytes(modelKey);
    try (InputStream in = new ByteArrayInputStream(modelBytes)) {
      model = ModelIO.read(in);
    }
    // uploads (the model to MLflow, each case's label map and overlay) go on while the next case is predicted
    try (TransferQueue uploads = new TransferQueue("evaluate")) {
      uploads.submit(TaskClock.Part.TRACKING,
          () -> FoldModelRegistration.uploadModel(settings, tracking, runId, modelBytes));
      return evaluate(config, fold, f, names, model, samplesPrefix, datasetPrefix, runId, uploads, ctx);
    }
  }

  private Map<String, Object> evaluate(ExperimentConfig config, int fold, Fold f, ClassNames names,
      ComputationGraph model, String samplesPrefix, String datasetPrefix, String runId, TransferQueue uploads,
      TaskContext ctx) throws IOException {
    Segmenter segmenter = new Segmenter(List.of(model), config.library(UnetConfig.class),
        PreprocessingPipeline.of(PreprocessingMapping.of(config.preprocessing())), config.evaluation().overlap(),
        config.evaluation().gaussian(), Mirroring.of(config.evaluation().mirror(), config.evaluation().mirrorSwap(),
        config.data().classes()));
    List<Map<String, Object>> cases = new ArrayList<>();
    Map<String, List<Double>> byMetric = new TreeMap<>();
    int overlays = 0;
    int caseNumber = 0;
    for (String caseId : f.validation()) {
      String where = "fold " + fold + " " + caseId + " (case " + ++caseNumber + "/" + f.validation().size() + "): ";
      ImageVolume image = readImage(PreprocessedSamples.imageKey(samplesPrefix, caseId), caseId);
      LabelVolume truth = readLabels(StoredDataset.maskKey(datasetPrefix, caseId), caseId);
      Segmentation p = segmenter.segmentPreprocessed(image, truth.geometry(), step -> ctx.progress(where + step));
      LabelVolume restored = p.labels();
      byte[] nifti = PredictedLabels.encode(restored);
      uploads.submit(TaskClock.Part.STORAGE, () -> PredictedLabels.store(store, config, fold, caseId, nifti));
      uploads.submit(TaskClock.Part.TRACKING, () -> PredictedLabels.log(tracking, runId, caseId, nifti));
      CaseMetrics metrics = SegmentationMetrics.compute(restored, truth, names.count(),
          config.evaluation().nsdToleranceMm());
      Map<String, Double> flat = metrics.flat(names, config.evaluation().groups());
      flat.forEach((k, v) -> byMetric.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("caseId", caseId);
      row.put("windows", p.windows());
      row.put("metrics", flat);
      cases.add(row);
      ctx.log("fold " + fold + " " + caseId + ": dice " + DiceByClass.describe(DiceByClass.of(flat, config)) + " ("
          + p.windows() + " windows)");
      if (overlays < config.evaluation().overlays()) {
        ImageVolume original = readImage(StoredDataset.imageKey(datasetPrefix, caseId), caseId);
        byte[] png = OverlayPng.png(caseId, original, truth, restored);
        uploads.submit(TaskClock.Part.STORAGE,
            () -> store.putBytes(FoldFiles.overlayPrefix(config, fold) + "/" + caseId + ".png", png, "image/png"));
        uploads.submit(TaskClock.Part.TRACKING,
            () -> tracking.uploadArtifact(runId, "overlays/" + caseId + ".png", png));
        overlays++;
      }
    }
    Trainer.release(model); // its native arrays now, not beside the next fold's model

    Map<String, Object> medians = new TreeMap<>();
    List<MetricPoint> points = new ArrayList<>();
    byMetric.forEach((k, values) -> {
      Summary s = Summary.of(values.stream().mapToDouble(Double::doubleValue).toArray());
      medians.put(k, s.median());
      points.add(new MetricPoint("val." + k + ".median", s.median(), 0));
      points.add(new MetricPoint("val." + k + ".mean", s.mean(), 0));
    });
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("fold", fold);
    document.put("validation", f.validation());
    document.put("median", medians);
    document.put("cases", cases);
    byte[] json = JSON.writeValueAsBytes(document);
    String metricsKey = FoldFiles.metricsKey(config, fold);
    store.putBytes(metricsKey, json, "application/json");
    tracking.logMetrics(runId, points);
    tracking.uploadArtifact(runId, "evaluation/metrics.json", json);
    uploads.awaitAll();
    String version = FoldModelRegistration.register(tracking, config, fold, runId);
    tracking.flush();
    tracking.endRun(runId, "FINISHED");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("metricsKey", metricsKey);
    out.put("diceMedian", DiceByClass.of(medians, config)); // per class and group, named as in the experiment file
    out.put("modelVersion", version);
    return out;
  }

  private ImageVolume readImage(String key, String caseId) throws IOException {
    try (InputStream in = open(key, caseId)) {
      return Nifti.read(in, key, NiftiReadOptions.defaults()).toImageVolume();
    }
  }

  private LabelVolume readLabels(String key, String caseId) throws IOException {
    try (InputStream in = open(key, caseId)) {
      return Nifti.read(in, key, NiftiReadOptions.defaults()).toLabelVolume();
    }
  }

  private InputStream open(String key, String caseId) {
    if (!store.exists(key)) {
      throw new InvalidInputException("evaluate " + caseId + ": " + store.uri(key) + " is missing; rerun the "
          + "download and preprocess stages");
    }
    return store.open(key);
  }
}
