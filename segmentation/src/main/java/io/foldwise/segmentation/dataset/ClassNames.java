package io.foldwise.segmentation.dataset;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Names of the label classes, index = label value. An experiment names its own classes; {@link #covid()}
 * is the COVID-19-CT-Seg labelling (0 background, 1 lung_L, 2 lung_R, 3 infection) that the phantoms use.
 */
public record ClassNames(List<String> names) {
  public ClassNames {
    Objects.requireNonNull(names, "names == null");
    if (names.size() < 2) {
      throw new IllegalArgumentException("need at least 2 class names, got " + names);
    }
    if (names.size() > 127) {
      throw new IllegalArgumentException("at most 127 classes fit a label byte, got " + names.size());
    }
    if (new HashSet<>(names).size() != names.size() || names.stream().anyMatch(n -> n == null || n.isBlank())) {
      throw new IllegalArgumentException("class names must be unique and not blank, got " + names);
    }
    names = List.copyOf(names);
  }

  /** background, lung_L, lung_R, infection. */
  public static ClassNames covid() {
    return new ClassNames(List.of("background", "lung_L", "lung_R", "infection"));
  }

  public static ClassNames of(String... names) {
    return new ClassNames(List.of(names));
  }

  public int count() {
    return names.size();
  }

  public String name(int label) {
    return names.get(label);
  }
}
