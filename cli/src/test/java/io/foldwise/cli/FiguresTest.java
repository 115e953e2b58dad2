package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FiguresTest {
  @Test
  void diceIsPrintedWithThreeDecimals() {
    assertEquals("0.870", Figures.round3(0.8704772202476553));
    assertEquals("0.575", Figures.round3("0.5749"));
    assertEquals("1.000", Figures.round3(1));
    assertEquals("null", Figures.round3(null));
    assertEquals("n/a", Figures.round3("n/a"));
  }
}
