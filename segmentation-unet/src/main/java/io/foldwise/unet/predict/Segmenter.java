package io.foldwise.unet.predict;

import io.foldwise.segmentation.preprocess.PreprocessingPipeline;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.config.UnetConfig;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A scan to a label map on the scan's own grid, with one model or an ensemble: the experiment's
 * preprocessing ({@link PreprocessingPipeline}), sliding-window prediction ({@link Predictor}) with
 * each model, the softmax averaged over the models (equal weights), argmax, and the labels put back
 * onto the scan's geometry ({@link PreprocessingPipeline#restore}). The evaluate worker and
 * {@code ./foldwise predict} both go through here, so a prediction is the same wherever it is made.
 */
public final class Segmenter {
  private final List<ComputationGraph> models;
  private final UnetConfig config;
  private final PreprocessingPipeline pipeline;
  private final int[] overlap;
  private final boolean gaussian;
  private final Mirroring mirroring;

  /**
   * @param models one model, or several trained alike (the folds of one experiment) for an ensemble
   * @param overlap per-axis overlap (x, y, z) of neighbouring windows
   * @param gaussian weight window centres more instead of the plain mean
   */
  public Segmenter(List<ComputationGraph> models, UnetConfig config, PreprocessingPipeline pipeline,
      int[] overlap, boolean gaussian) {
    this(models, config, pipeline, overlap, gaussian, Mirroring.NONE);
  }

  /** As the other constructor, each window also predicted mirrored ({@link Mirroring}). */
  public Segmenter(List<ComputationGraph> models, UnetConfig config, PreprocessingPipeline pipeline,
      int[] overlap, boolean gaussian, Mirroring mirroring) {
    Objects.requireNonNull(models, "models == null");
    if (models.isEmpty()) {
      throw new IllegalArgumentException("models is empty; give at least one model");
    }
    this.models = List.copyOf(models);
    this.config = Objects.requireNonNull(config, "config == null");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline == null");
    this.overlap = Objects.requireNonNull(overlap, "overlap == null").clone();
    this.gaussian = gaussian;
    this.mirroring = Objects.requireNonNull(mirroring, "mirroring == null");
  }

  /** The scan preprocessed, predicted and restored to its own grid (shape and affine). */
  public Segmentation segment(String caseId, ImageVolume scan) {
    return segment(caseId, scan, step -> {});
  }

  /** As {@link #segment(String, ImageVolume)}, reporting the preprocessing, each window and the restoring. */
  public Segmentation segment(String caseId, ImageVolume scan, Progress progress) {
    Objects.requireNonNull(scan, "scan == null");
    Objects.requireNonNull(progress, "progress == null");
    progress.step("preprocessing");
    ImageVolume preprocessed = pipeline.apply(new Sample(caseId, scan, null)).image();
    return segmentPreprocessed(preprocessed, scan.geometry(), progress);
  }

  /**
   * A scan that has been through the pipeline already (the preprocess stage's output), predicted and
   * restored to {@code original}, the geometry it was preprocessed from.
   */
  public Segmentation segmentPreprocessed(ImageVolume preprocessed, Geometry original) {
    return segmentPreprocessed(preprocessed, original, step -> {});
  }

  /** What a long segmentation is doing: {@code window 3/8}, {@code model 2/5 window 3/8}, {@code restoring ...}. */
  public interface Progress {
    void step(String what);
  }

  /** As {@link #segmentPreprocessed(ImageVolume, Geometry)}, reporting each window and the restoring step. */
  public Segmentation segmentPreprocessed(ImageVolume preprocessed, Geometry original, Progress progress) {
    Objects.requireNonNull(preprocessed, "preprocessed == null");
    Objects.requireNonNull(original, "original == null");
    Objects.requireNonNull(progress, "progress == null");
    Prediction averaged = null;
    for (int m = 0; m < models.size(); m++) {
      String model = models.size() > 1 ? "model " + (m + 1) + "/" + models.size() + " " : "";
      Prediction p = Predictor.predict(models.get(m), config, preprocessed, overlap, gaussian, mirroring,
          (done, windows) -> progress.step(model + "window " + done + "/" + windows));
      averaged = averaged == null ? p : Ensemble.add(averaged, p);
    }
    if (models.size() > 1) {
      averaged = Ensemble.mean(averaged, models.size());
    }
    int[] shape = original.shape();
    progress.step("restoring the labels to the scan's " + shape[0] + "x" + shape[1] + "x" + shape[2] + " grid");
    LabelVolume restored = pipeline.restore(averaged.labels(), original);
    return new Segmentation(restored, averaged, original, pipeline.config().labelInterpolation());
  }

  public int modelCount() {
    return models.size();
  }
}
