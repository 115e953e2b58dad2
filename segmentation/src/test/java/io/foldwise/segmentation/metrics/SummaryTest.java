package io.foldwise.segmentation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.segmentation.dataset.ClassNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void meanSampleSdMedianMinMax() {
    Summary s = Summary.of(new double[] {4, 1, 3, 2});
    assertEquals(4, s.n());
    assertEquals(2.5, s.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3), s.sd(), 1e-12); // squares 2.25+0.25+0.25+2.25 over n-1
    assertEquals(2.5, s.median(), 0);
    assertEquals(1, s.min(), 0);
    assertEquals(4, s.max(), 0);
    Summary odd = Summary.of(new double[] {0.9, 0.1, 0.5});
    assertEquals(0.5, odd.median(), 0);
    assertEquals(0, Summary.of(new double[] {7}).sd(), 0);
  }

  @Test
  void badInput() {
    assertEquals("cannot summarize no values",
        assertThrows(IllegalArgumentException.class, () -> Summary.of(new double[0])).getMessage());
    assertEquals("cannot summarize NaN in [1.0, NaN]",
        assertThrows(IllegalArgumentException.class,
            () -> Summary.of(new double[] {1, Double.NaN})).getMessage());
  }

  @Test
  void summaryAcrossCasesPerFlatKey() {
    ClassNames names = ClassNames.of("background", "tumour");
    CaseMetrics a = new CaseMetrics(List.of(cm(0, 0.9), cm(1, 0.2)));
    CaseMetrics b = new CaseMetrics(List.of(cm(0, 1.0), cm(1, 0.6)));
    CaseMetrics c = new CaseMetrics(List.of(cm(0, 0.8), cm(1, 0.7)));
    Map<String, Summary> s = MetricsSummary.of(List.of(a, b, c), names, Map.of());
    assertEquals(0.6, s.get("dice_tumour").median(), 0);
    assertEquals(0.5, s.get("dice_tumour").mean(), 1e-12);
    assertEquals(0.9, s.get("dice_background").median(), 0);
    assertEquals(16, s.size());
  }

  private static ClassMetrics cm(int label, double dice) {
    return new ClassMetrics(label, 1, 1, 1, 0, 0, 0, dice, dice, dice, dice, dice, dice, 1, 1, 1);
  }
}
