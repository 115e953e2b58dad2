package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
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

  @Test
  void diceByClassUsesTheExperimentsOwnNamesInOrder() {
    Map<String, Object> dice = new LinkedHashMap<>();
    dice.put("background", 0.999);
    dice.put("soft_tissue", 0.8104);
    dice.put("bone", 0.79951);
    assertEquals("soft_tissue 0.810, bone 0.800", Figures.diceByClass(dice));
    assertEquals("not reported (the aggregate task's output has no diceMean)", Figures.diceByClass(null));
  }
}
