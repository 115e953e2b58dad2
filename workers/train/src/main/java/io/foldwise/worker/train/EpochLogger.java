package io.foldwise.worker.train;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.TaskContext;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.tracking.MetricPoint;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.unet.checkpoint.Checkpoint;
import io.foldwise.unet.train.EpochResult;
import io.foldwise.unet.train.TrainingListener;
import io.foldwise.unet.train.TrainingState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Logs each epoch of a fold to its MLflow run (step = epoch number, which continues after a
 * resume) and to {@code history.json} in the artifact store. On start it re-logs the epochs the
 * resumed checkpoint already holds with the timestamps first used, which MLflow treats as the same
 * points: a resumed fold's history stays continuous and free of duplicates.
 */
final class EpochLogger implements TrainingListener {
  private final ArtifactStore store;
  private final Tracking tracking;
  private final ExperimentConfig config;
  private final int fold;
  private final String runId;
  private final TaskContext ctx;
  private final List<Map<String, Object>> history;
  private int resumedFrom;
  private long epochStartNanos = System.nanoTime();

  EpochLogger(ArtifactStore store, Tracking tracking, ExperimentConfig config, int fold, String runId,
      TaskContext ctx) {
    this.store = store;
    this.tracking = tracking;
    this.config = config;
    this.fold = fold;
    this.runId = runId;
    this.ctx = ctx;
    this.history = new ArrayList<>(FoldFiles.readHistory(store, config, fold));
  }

  int resumedFrom() {
    return resumedFrom;
  }

  @Override
  public void onTrainingStart(TrainingState state, int resumed) {
    resumedFrom = resumed;
    Map<Integer, Long> stamps = new HashMap<>();
    for (Map<String, Object> h : history) {
      stamps.put(((Number) h.get("epoch")).intValue(), ((Number) h.get("timestamp")).longValue());
    }
    history.clear();
    for (EpochResult r : state.history()) {
      record(r, stamps.getOrDefault(r.epoch(), System.currentTimeMillis()));
    }
    FoldFiles.writeHistory(store, config, fold, history);
    ctx.log(resumed == 0 ? "fold " + fold + ": training from scratch"
        : "fold " + fold + ": resuming after epoch " + resumed + " from its checkpoint");
    epochStartNanos = System.nanoTime();
  }

  /** A heartbeat every 10 s or so ({@link TaskContext#progress}): where the epoch is and when it ends. */
  @Override
  public void onIteration(int epoch, long iteration, double loss) {
    ctx.progress(iterationLine(fold, epoch, config.training().epochs(), iteration,
        config.training().iterationsPerEpoch(), loss, (System.nanoTime() - epochStartNanos) / 1e9));
  }

  /** {@code fold 0 epoch 3/100: iteration 57/150, loss 0.8123, 26.1 s/iteration, epoch done in ~40 min}. */
  static String iterationLine(int fold, int epoch, int epochs, long iteration, int perEpoch, double loss,
      double secondsInEpoch) {
    long inEpoch = iteration - (long) (epoch - 1) * perEpoch;
    double perIteration = secondsInEpoch / Math.max(1, inEpoch);
    double left = perIteration * (perEpoch - inEpoch);
    String eta = left < 90 ? Math.round(left) + " s" : Math.round(left / 60) + " min";
    return String.format(java.util.Locale.ROOT, "fold %d epoch %d/%d: iteration %d/%d, loss %.4f, %.1f s/iteration, "
        + "%s", fold, epoch, epochs, inEpoch, perEpoch, loss, perIteration,
        inEpoch >= perEpoch ? "validating and saving the epoch" : "epoch done in ~" + eta);
  }

  @Override
  public void onEpochEnd(EpochResult r) {
    epochStartNanos = System.nanoTime();
    record(r, System.currentTimeMillis());
    FoldFiles.writeHistory(store, config, fold, history);
    ctx.log("fold " + fold + " epoch " + r.epoch() + "/" + config.training().epochs() + ": " + r.metrics()
        + String.format(" lr %.2e, %.1f s", r.learningRate(), r.seconds()));
  }

  @Override
  public void onCheckpoint(Checkpoint c) {
    ctx.log("checkpoint " + c.kind().id() + " after epoch " + c.epoch() + " -> " + c.location());
  }

  private void record(EpochResult r, long timestamp) {
    List<MetricPoint> points = new ArrayList<>();
    r.metrics().forEach((k, v) -> points.add(new MetricPoint(k, v, r.epoch(), timestamp)));
    points.add(new MetricPoint("learning_rate", r.learningRate(), r.epoch(), timestamp));
    tracking.logMetrics(runId, points);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("epoch", r.epoch());
    entry.put("metrics", r.metrics());
    entry.put("learningRate", r.learningRate());
    entry.put("timestamp", timestamp);
    history.add(entry);
  }
}
