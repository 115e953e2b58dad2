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
   * in class then metric order, then {@code <metric>_<group>} for each derived group: the mean over the
   * group's member classes (e.g. {@code lungs: [lung_L, lung_R]}, as MIScnn reports "lungs").
   */
  public Map<String, Double> flat(ClassNames names, Map<String, List<String>> groups) {
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
    groups.forEach((group, members) -> {
      if (names.names().contains(group)) {
        throw new IllegalArgumentException("group '" + group + "' has the name of a class");
      }
      int[] labels = new int[members.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = names.names().indexOf(members.get(i));
        if (labels[i] < 0) {
          throw new IllegalArgumentException("group '" + group + "' lists '" + members.get(i)
              + "', which is not one of the classes " + names.names());
        }
      }
      for (Metric m : Metric.values()) {
        out.put(m.key() + "_" + group, mean(m, labels));
      }
    });
    return out;
  }
}
