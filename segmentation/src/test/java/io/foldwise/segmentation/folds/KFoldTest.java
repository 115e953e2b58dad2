package io.foldwise.segmentation.folds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KFoldTest {
  private static List<String> ids(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("case_%02d", i)).toList();
  }

  @ParameterizedTest
  @CsvSource({"20, 5", "7, 3", "5, 5", "2, 2", "11, 4"})
  void everyCaseIsValidatedExactlyOnceAndTrainIsTheRest(int n, int k) {
    FoldSplit split = KFold.split(ids(n), k, 42);
    assertEquals(k, split.k());
    List<String> validated = new ArrayList<>();
    for (Fold f : split.folds()) {
      validated.addAll(f.validation());
      Set<String> train = new HashSet<>(f.train());
      assertEquals(n - f.validation().size(), train.size());
      for (String v : f.validation()) {
        assertTrue(!train.contains(v), v + " both trained and validated in fold " + f.index());
      }
    }
    Collections.sort(validated);
    assertEquals(ids(n), validated);
  }

  @Test
  void foldSizesFollowArraySplit() {
    FoldSplit split = KFold.split(ids(11), 4, 1);
    assertEquals(List.of(3, 3, 3, 2),
        split.folds().stream().map(f -> f.validation().size()).toList());
  }

  @Test
  void sameSeedSameSplitWhateverTheInputOrder() {
    List<String> reversed = new ArrayList<>(ids(20));
    Collections.reverse(reversed);
    FoldSplit a = KFold.split(ids(20), 5, 7);
    FoldSplit b = KFold.split(reversed, 5, 7);
    assertEquals(a, b);
    assertEquals(a.toJson(), b.toJson());
    assertEquals(a.sha256(), b.sha256());
  }

  @Test
  void otherSeedOtherSplit() {
    FoldSplit a = KFold.split(ids(20), 5, 7);
    FoldSplit b = KFold.split(ids(20), 5, 8);
    assertNotEquals(a.folds(), b.folds());
    assertNotEquals(a.sha256(), b.sha256());
  }

  @Test
  void splitIsShuffledNotContiguous() {
    FoldSplit split = KFold.split(ids(20), 5, 42);
    assertNotEquals(ids(20).subList(0, 4), split.fold(0).validation());
  }

  @Test
  void badInputHasExactMessages() {
    assertEquals("folds must be >= 2, got 1",
        assertThrows(IllegalArgumentException.class, () -> KFold.split(ids(5), 1, 0)).getMessage());
    assertEquals("folds must be <= the number of cases (3), got 5",
        assertThrows(IllegalArgumentException.class, () -> KFold.split(ids(3), 5, 0)).getMessage());
    assertEquals("duplicate case id 'b'; every case may appear only once in a split",
        assertThrows(IllegalArgumentException.class,
            () -> KFold.split(List.of("a", "b", "c", "b"), 2, 0)).getMessage());
    assertEquals("case ids must not be null or blank, got [a, , c]",
        assertThrows(IllegalArgumentException.class,
            () -> KFold.split(List.of("a", "", "c"), 2, 0)).getMessage());
    assertEquals("fold must be in 0..1, got 2",
        assertThrows(IllegalArgumentException.class,
            () -> KFold.split(ids(4), 2, 0).fold(2)).getMessage());
  }
}
