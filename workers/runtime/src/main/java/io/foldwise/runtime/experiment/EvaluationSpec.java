package io.foldwise.runtime.experiment;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sliding-window prediction (overlap per axis, optional Gaussian weighting), surface-Dice tolerance
 * per class in mm, how many validation cases get overlay PNGs, and the derived class groups reported
 * beside the classes (e.g. {@code lungs: [lung_L, lung_R]}, the mean of its members' metrics).
 */
public record EvaluationSpec(int[] overlap, boolean gaussian, double[] nsdToleranceMm, int overlays,
    Map<String, List<String>> groups) {
  private static final Pattern GROUP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  public EvaluationSpec {
    overlap = overlap.clone();
    nsdToleranceMm = nsdToleranceMm.clone();
    Map<String, List<String>> copy = new LinkedHashMap<>();
    groups.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    groups = Collections.unmodifiableMap(copy);
  }

  @Override
  public int[] overlap() {
    return overlap.clone();
  }

  @Override
  public double[] nsdToleranceMm() {
    return nsdToleranceMm.clone();
  }

  static EvaluationSpec read(ConfigNode node, int[] patch, List<String> classNames) {
    int classes = classNames.size();
    int[] overlap = node.ints("overlap", 3, 0, 1024);
    for (int axis = 0; axis < 3; axis++) {
      if (overlap[axis] >= patch[axis]) {
        throw node.error("overlap", "must be smaller than the patch on every axis, got "
            + Arrays.toString(overlap) + " for patch " + Arrays.toString(patch));
      }
    }
    boolean gaussian = node.bool("gaussian", false);
    double[] nsd = node.numbers("nsd_tolerance_mm", 0, 0, 1000);
    if (nsd.length != classes) {
      throw node.error("nsd_tolerance_mm", "must have one value per class (" + classes + "), got "
          + nsd.length);
    }
    int overlays = (int) node.integer("overlays", 0, 1000, 2);
    Map<String, List<String>> groups = new LinkedHashMap<>();
    if (node.has("groups")) {
      ConfigNode g = node.object("groups");
      for (String name : g.keys()) {
        if (!GROUP_NAME.matcher(name).matches()) {
          throw g.error(name, "must be named with lower-case letters, digits and '_' (at most 40), starting"
              + " with a letter");
        }
        if (classNames.contains(name)) {
          throw g.error(name, "has the name of a class; a group needs a name of its own");
        }
        List<String> members = g.strings(name);
        for (String member : members) {
          if (!classNames.contains(member)) {
            throw g.error(name, "lists '" + member + "', which is not a class; the classes are "
                + String.join(", ", classNames));
          }
        }
        if (members.size() < 2) {
          throw g.error(name, "must list at least two classes, got " + members);
        }
        groups.put(name, members);
      }
      g.finish();
    }
    node.finish();
    return new EvaluationSpec(overlap, gaussian, nsd, overlays, groups);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationSpec e && Arrays.equals(e.overlap, overlap) && e.gaussian == gaussian
        && Arrays.equals(e.nsdToleranceMm, nsdToleranceMm) && e.overlays == overlays
        && e.groups.equals(groups);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(overlap) * 31 + Arrays.hashCode(nsdToleranceMm) + overlays) * 31 + groups.hashCode();
  }
}
