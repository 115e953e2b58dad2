package io.foldwise.cli;

import io.foldwise.runtime.experiment.DiceByClass;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Numbers as people read them: Dice and other figures rounded to three decimals (0.870, not 0.8704772...). */
final class Figures {
  private Figures() {}

  /** A number rounded to three decimals; anything else (a missing value) as it is. */
  static String round3(Object value) {
    if (value instanceof Number n) {
      return String.format(Locale.ROOT, "%.3f", n.doubleValue());
    }
    if (value instanceof String s) {
      try {
        return String.format(Locale.ROOT, "%.3f", Double.parseDouble(s));
      } catch (NumberFormatException e) {
        return s;
      }
    }
    return String.valueOf(value);
  }

  /**
   * A workflow's per-class Dice map ({@code {lung_L: 0.93, ...}}, named by the experiment file) as
   * {@code lung_L 0.930, lung_R 0.925, ...}; background is left out (it is always close to 1).
   */
  static String diceByClass(Object value) {
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      return "not reported (the aggregate task's output has no diceMean)";
    }
    Map<String, Double> dice = new LinkedHashMap<>();
    map.forEach((name, v) -> {
      if (!"background".equals(name)) {
        dice.put(String.valueOf(name), v instanceof Number n ? n.doubleValue() : null);
      }
    });
    return DiceByClass.describe(dice);
  }
}
