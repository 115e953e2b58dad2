package io.foldwise.segmentation.metrics;

import io.foldwise.segmentation.dataset.ClassNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Summaries across cases (a fold's validation cases, or all folds) of every flat metric key of
 * {@link CaseMetrics#flat(ClassNames, Map)}, e.g. {@code dice_lungs -> Summary}. MIScnn reports the
 * median per fold; mean ± sd is there too.
 */
public final class MetricsSummary {
  private MetricsSummary() {}

  public static Map<String, Summary> of(List<CaseMetrics> cases, ClassNames names,
      Map<String, List<String>> groups) {
    if (cases.isEmpty()) {
      throw new IllegalArgumentException("cannot summarize metrics of no cases");
    }
    Map<String, List<Double>> columns = new LinkedHashMap<>();
    for (CaseMetrics c : cases) {
      c.flat(names, groups).forEach((k, v) -> columns.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    Map<String, Summary> out = new LinkedHashMap<>();
    columns.forEach((k, v) -> out.put(k, Summary.of(v.stream().mapToDouble(Double::doubleValue).toArray())));
    return out;
  }
}
