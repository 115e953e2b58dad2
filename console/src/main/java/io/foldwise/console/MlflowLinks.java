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

  String compare(String experimentId, List<String> runIds) {
    String runs = runIds.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",", "[", "]"));
    return base + "/#/compare-runs?runs=" + URLEncoder.encode(runs, StandardCharsets.UTF_8)
        + "&experiments=" + URLEncoder.encode("[\"" + experimentId + "\"]", StandardCharsets.UTF_8);
  }
}
