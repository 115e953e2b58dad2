package io.foldwise.cli;

import java.util.Locale;

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
}
