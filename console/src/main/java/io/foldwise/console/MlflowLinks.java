package io.foldwise.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Links into the MLflow UI (MLflow 3 routes: runs under their experiment, the runs compare view). */
final class MlflowLinks {
  private final String base;

  MlflowLinks(String base) {
    this.base = base;
  }

  String run(String experimentId, String runId) {
    return base + "/#/experiments/" + experimentId + "/runs/" + runId;
  }

  String experiment(String experimentId) {
    return base + "/#/experiments/" + experimentId;
  }

  /** MLflow's compare view of these runs (of one or more MLflow experiments). */
  String compare(List<String> experimentIds, List<String> runIds) {
    return base + "/#/compare-runs?runs=" + URLEncoder.encode(jsonList(runIds), StandardCharsets.UTF_8)
        + "&experiments=" + URLEncoder.encode(jsonList(experimentIds), StandardCharsets.UTF_8);
  }

  private static String jsonList(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
  }
}
