package io.foldwise.segmentation.folds;

import java.util.List;
import java.util.Objects;

/** One fold of a k-fold split: its index (0-based) and its training and validation case ids. */
public record Fold(int index, List<String> train, List<String> validation) {
  public Fold {
    Objects.requireNonNull(train, "train == null");
    Objects.requireNonNull(validation, "validation == null");
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }
}
