package io.foldwise.worker.explore;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.StageCache;
import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.runtime.conductor.StageWorker;
import io.foldwise.runtime.conductor.TaskContext;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.CodeFingerprint;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.experiment.StoredDataset;
import io.foldwise.runtime.experiment.TaskInputs;
import io.foldwise.runtime.experiment.Workspace;
import io.foldwise.runtime.tracking.MetricPoint;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.segmentation.dataset.ClassNames;
import io.foldwise.segmentation.dataset.DatasetLayout;
import io.foldwise.segmentation.explore.Exploration;
import io.foldwise.segmentation.explore.ExplorationReport;
import io.foldwise.segmentation.explore.ExplorationSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code foldwise_explore}: the seed's exploration table of the raw data set as
 * {@code exploration.json}, {@code exploration.csv} and PNG plots under {@code explore/<key>/}
 * (reused when committed), the summary as params and metrics on the parent run, the files as its
 * artifacts under {@code exploration/}.
 */
public final class ExploreWorker extends StageWorker {
  /** The task inputs this worker reads: exactly its task definition's inputParameters (a test checks). */
  public static final java.util.List<String> INPUTS = java.util.List.of("config", "datasetPrefix", "dataHash", "parentRunId");
  private static final String[] AXES = {"x", "y", "z"};
  private final Settings settings;
  private final ArtifactStore store;
  private final Tracking tracking;

  public ExploreWorker(Settings settings, ArtifactStore store, Tracking tracking) {
    super("foldwise_explore", INPUTS);
    this.settings = settings;
    this.store = store;
    this.tracking = tracking;
  }

  @Override
  protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception {
    ExperimentConfig config = TaskInputs.config(input);
    String datasetPrefix = TaskInputs.string(input, "datasetPrefix");
    String dataHash = TaskInputs.string(input, "dataHash");
    String parentRunId = TaskInputs.string(input, "parentRunId");
    String prefix = StageKeys.explorePrefix(config, dataHash, CodeFingerprint.hash(ExploreWorker.class));
    StageCache cache = new StageCache(store);
    Path work = Files.createDirectories(settings.dataDir().resolve("work/explore"))
        .resolve(prefix.substring(prefix.indexOf('/') + 1) + "-" + ctx.taskId());
    boolean cached = cache.manifest(prefix).isPresent();
    Map<String, Object> summary;
    Path out = work.resolve("out");
    try {
      if (cached) {
        ctx.log("exploration already stored at " + store.uri(prefix) + "; reusing it");
        store.getDirectory(prefix, out);
        summary = cache.manifest(prefix).orElseThrow();
      } else {
        summary = explore(config, datasetPrefix, prefix, cache, work, out, ctx);
      }
      logToParent(parentRunId, summary, out);
      tracking.logParams(parentRunId, Map.of("explore.cases", String.valueOf(summary.get("cases")),
          "explore.uri", store.uri(prefix)));
    } finally {
      Workspace.delete(work);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("explorePrefix", prefix);
    result.put("exploreUri", store.uri(prefix));
    result.put("cached", cached);
    return result;
  }

  private Map<String, Object> explore(ExperimentConfig config, String datasetPrefix, String prefix,
      StageCache cache, Path work, Path out, TaskContext ctx) throws IOException {
    Path data = StoredDataset.materialize(store, datasetPrefix, work.resolve("data"));
    ClassNames names = new ClassNames(config.data().classes());
    ExplorationReport report;
    try {
      report = Exploration.of(DatasetLayout.find(data), names, ctx::log);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException("explore: " + e.getMessage(), e);
    }
    Files.createDirectories(out);
    report.writeJson(out.resolve("exploration.json"));
    report.writeCsv(out.resolve("exploration.csv"));
    report.writePlots(out);
    ctx.log("exploration table:\n" + report.toTable());
    Map<String, Object> manifest = summaryMap(report.summary(), names, report.cases().size());
    try {
      store.putDirectory(prefix, out);
      cache.commit(prefix, manifest);
    } catch (RuntimeException e) {
      cache.abort(prefix);
      throw e;
    }
    ctx.log("stored exploration at " + store.uri(prefix));
    return manifest;
  }

  private static Map<String, Object> summaryMap(ExplorationSummary s, ClassNames names, int cases) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cases", cases);
    for (int a = 0; a < 3; a++) {
      m.put("shape_mean_" + AXES[a], s.shapeMean()[a]);
      m.put("shape_median_" + AXES[a], s.shapeMedian()[a]);
      m.put("spacing_mean_" + AXES[a], s.spacingMean()[a]);
      m.put("spacing_median_" + AXES[a], s.spacingMedian()[a]);
    }
    for (int c = 0; c < names.count(); c++) {
      m.put("class_frequency_" + names.name(c), s.classFrequencyMean()[c]);
    }
    return m;
  }

  private void logToParent(String runId, Map<String, Object> summary, Path out) throws IOException {
    List<MetricPoint> points = new ArrayList<>();
    for (Map.Entry<String, Object> e : summary.entrySet()) {
      if (e.getValue() instanceof Number n) {
        points.add(new MetricPoint("explore." + e.getKey(), n.doubleValue(), 0));
      }
    }
    tracking.logMetrics(runId, points);
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        tracking.uploadArtifact(runId, "exploration/" + f.getFileName(), f);
      }
    }
  }
}
