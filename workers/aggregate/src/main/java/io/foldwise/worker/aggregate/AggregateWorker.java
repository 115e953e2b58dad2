package io.foldwise.worker.aggregate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.runtime.conductor.StageWorker;
import io.foldwise.runtime.conductor.TaskContext;
import io.foldwise.runtime.experiment.DiceByClass;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.experiment.TaskInputs;
import io.foldwise.runtime.tracking.MetricPoint;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.segmentation.metrics.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code foldwise_aggregate}: the cross-validation summary over all validation cases of all folds
 * (mean ± sd and median per metric and class; and MIScnn's per-fold median), stored as
 * {@code runs/<experiment>/<config-hash>/cv_summary.json} and logged on the parent run, with the
 * seed's plots (epoch loss and epoch dice_crossentropy; per fold a training line and, when the folds
 * validate, a dashed validation line of {@code val_loss} / {@code val_dice_crossentropy}).
 */
public final class AggregateWorker extends StageWorker {
  /** The task inputs this worker reads: exactly its task definition's inputParameters (a test checks). */
  public static final java.util.List<String> INPUTS = java.util.List.of("config", "parentRunId");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private final ArtifactStore store;
  private final Tracking tracking;

  public AggregateWorker(ArtifactStore store, Tracking tracking) {
    super("foldwise_aggregate", INPUTS);
    this.store = store;
    this.tracking = tracking;
  }

  @Override
  protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception {
    ExperimentConfig config = TaskInputs.config(input);
    String parentRunId = TaskInputs.string(input, "parentRunId");
    int folds = config.training().folds();
    Map<String, List<Double>> pooled = new TreeMap<>();
    Map<String, Map<String, Double>> perFoldMedian = new TreeMap<>();
    Map<String, List<Double>> loss = new LinkedHashMap<>();
    Map<String, List<Double>> diceCe = new LinkedHashMap<>();
    for (int k = 0; k < folds; k++) {
      String metricsKey = FoldFiles.metricsKey(config, k);
      if (!store.exists(metricsKey)) {
        throw new InvalidInputException("fold " + k + " has no evaluation at " + store.uri(metricsKey)
            + "; retry the failed fold (./foldwise resume <workflow-id>)");
      }
      Map<String, Object> evaluation = JSON.readValue(store.getBytes(metricsKey), new TypeReference<>() {});
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> cases = (List<Map<String, Object>>) evaluation.get("cases");
      Map<String, List<Double>> fold = new TreeMap<>();
      for (Map<String, Object> c : cases) {
        @SuppressWarnings("unchecked")
        Map<String, Number> m = (Map<String, Number>) c.get("metrics");
        m.forEach((key, v) -> {
          pooled.computeIfAbsent(key, x -> new ArrayList<>()).add(v.doubleValue());
          fold.computeIfAbsent(key, x -> new ArrayList<>()).add(v.doubleValue());
        });
      }
      Map<String, Double> medians = new TreeMap<>();
      fold.forEach((key, values) -> medians.put(key, Summary.of(toArray(values)).median()));
      perFoldMedian.put("fold-" + k, medians);
      List<Map<String, Object>> history = FoldFiles.readHistory(store, config, k);
      loss.put("fold " + k, series(history, "loss"));
      diceCe.put("fold " + k, series(history, "dice_crossentropy"));
      if (config.training().validationPatches() > 0) {
        loss.put("fold " + k + CurvePlot.VALIDATION, series(history, "val_loss"));
        diceCe.put("fold " + k + CurvePlot.VALIDATION, series(history, "val_dice_crossentropy"));
      }
    }
    Map<String, Object> summary = new TreeMap<>();
    List<MetricPoint> points = new ArrayList<>();
    Map<String, Double> pooledMeans = new LinkedHashMap<>();
    pooled.forEach((key, values) -> {
      Summary s = Summary.of(toArray(values));
      pooledMeans.put(key, s.mean());
      summary.put(key, Map.of("n", s.n(), "mean", s.mean(), "sd", s.sd(), "median", s.median(),
          "min", s.min(), "max", s.max()));
      points.add(new MetricPoint("cv." + key + ".mean", s.mean(), 0));
      points.add(new MetricPoint("cv." + key + ".sd", s.sd(), 0));
      points.add(new MetricPoint("cv." + key + ".median", s.median(), 0));
    });
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("experiment", config.name());
    document.put("configHash", config.hash());
    document.put("folds", folds);
    document.put("pooled", summary);
    document.put("perFoldMedian", perFoldMedian);
    byte[] json = JSON.writeValueAsBytes(document);
    String summaryKey = StageKeys.runPrefix(config) + "/cv_summary.json";
    store.putBytes(summaryKey, json, "application/json");
    tracking.logMetrics(parentRunId, points);
    tracking.uploadArtifact(parentRunId, "cv_summary.json", json);
    String how = config.training().validationPatches() > 0 ? " (solid: training, dashed: validation)" : "";
    byte[] lossPng = CurvePlot.png(config.name() + ": loss per epoch" + how, "loss", loss);
    byte[] dicePng = CurvePlot.png(config.name() + ": dice_crossentropy per epoch" + how, "dice_crossentropy",
        diceCe);
    store.putBytes(StageKeys.runPrefix(config) + "/plots/epoch_loss.png", lossPng, "image/png");
    store.putBytes(StageKeys.runPrefix(config) + "/plots/epoch_dice_crossentropy.png", dicePng, "image/png");
    tracking.uploadArtifact(parentRunId, "plots/epoch_loss.png", lossPng);
    tracking.uploadArtifact(parentRunId, "plots/epoch_dice_crossentropy.png", dicePng);
    tracking.flush();
    tracking.endRun(parentRunId, "FINISHED");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("summaryKey", summaryKey);
    out.put("summaryUri", store.uri(summaryKey));
    Map<String, Double> diceMean = DiceByClass.of(pooledMeans, config);
    out.put("diceMean", diceMean); // per class and group, named as in the experiment file
    ctx.log("cross-validation: dice " + DiceByClass.describe(diceMean));
    return out;
  }

  private static List<Double> series(List<Map<String, Object>> history, String metric) {
    List<Double> out = new ArrayList<>();
    for (Map<String, Object> epoch : history) {
      @SuppressWarnings("unchecked")
      Map<String, Number> m = (Map<String, Number>) epoch.get("metrics");
      Number v = m == null ? null : m.get(metric);
      out.add(v == null ? Double.NaN : v.doubleValue());
    }
    return out;
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
  }
}
