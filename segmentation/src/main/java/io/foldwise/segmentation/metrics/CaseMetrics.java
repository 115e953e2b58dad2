package io.foldwise.segmentation.metrics;

import io.foldwise.segmentation.dataset.ClassNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The metrics of every class of one case, index = label. */
public record CaseMetrics(List<ClassMetrics> classes) {
  public CaseMetrics {
    Objects.requireNonNull(classes, "classes == null");
    classes = List.copyOf(classes);
  }

  public ClassMetrics of(int label) {
    return classes.get(label);
  }

  /** Mean of {@code metric} over {@code labels}, e.g. lungs = mean of labels 1 and 2. */
  public double mean(Metric metric, int... labels) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("labels must not be empty");
    }
    double sum = 0;
    for (int label : labels) {
      sum += classes.get(label).value(metric);
    }
    return sum / labels.length;
  }

  /**
   * Every metric as {@code <metric>_<class name>} (e.g. {@code dice_lung_L}, {@code hd95_mm_infection}),
   * in class then metric order; when the names contain both {@code lung_L} and {@code lung_R} it
   * also holds {@code <metric>_lungs}, their mean (as MIScnn reports "lungs").
   */
  public Map<String, Double> flat(ClassNames names) {
    if (names.count() != classes.size()) {
      throw new IllegalArgumentException("names have " + names.count() + " classes, metrics have "
          + classes.size());
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (ClassMetrics c : classes) {
      for (Metric m : Metric.values()) {
        out.put(m.key() + "_" + names.name(c.label()), c.value(m));
      }
    }
    int left = names.names().indexOf("lung_L");
    int right = names.names().indexOf("lung_R");
    if (left >= 0 && right >= 0) {
      for (Metric m : Metric.values()) {
        out.put(m.key() + "_lungs", mean(m, left, right));
      }
    }
    return out;
  }
}
