package io.foldwise.segmentation.folds;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Seeded k-fold split of case ids. MIScnn shuffles with numpy's global, unseeded generator and then
 * cuts the list like {@code numpy.array_split}; this does the same with an explicit seed, so the
 * same ids and seed always give the same split. The ids are sorted first, so the order they are
 * given in does not matter. The first {@code n % k} folds get one validation case more.
 */
public final class KFold {
  private KFold() {}

  /** Splits {@code caseIds} into {@code folds} folds, shuffled with {@code seed}. */
  public static FoldSplit split(List<String> caseIds, int folds, long seed) {
    Objects.requireNonNull(caseIds, "caseIds == null");
    Set<String> seen = new HashSet<>();
    for (String id : caseIds) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("case ids must not be null or blank, got " + caseIds);
      }
      if (!seen.add(id)) {
        throw new IllegalArgumentException(
            "duplicate case id '" + id + "'; every case may appear only once in a split");
      }
    }
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be >= 2, got " + folds);
    }
    if (folds > caseIds.size()) {
      throw new IllegalArgumentException(
          "folds must be <= the number of cases (" + caseIds.size() + "), got " + folds);
    }
    List<String> sorted = new ArrayList<>(caseIds);
    sorted.sort(null);
    List<String> shuffled = new ArrayList<>(sorted);
    Random random = new Random(seed);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = shuffled.get(i);
      shuffled.set(i, shuffled.get(j));
      shuffled.set(j, t);
    }
    int n = shuffled.size();
    List<Fold> result = new ArrayList<>(folds);
    int start = 0;
    for (int k = 0; k < folds; k++) {
      int size = n / folds + (k < n % folds ? 1 : 0);
      List<String> validation = new ArrayList<>(shuffled.subList(start, start + size));
      List<String> train = new ArrayList<>(shuffled.subList(0, start));
      train.addAll(shuffled.subList(start + size, n));
      validation.sort(null);
      train.sort(null);
      result.add(new Fold(k, train, validation));
      start += size;
    }
    return new FoldSplit(seed, sorted, result);
  }
}
