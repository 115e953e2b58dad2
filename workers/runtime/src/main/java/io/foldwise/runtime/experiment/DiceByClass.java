package io.foldwise.runtime.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Dice values of a flat metric map ({@code dice_<class or group> -> value}) keyed by the class and group
 * names of the experiment file, in its order: classes first, then groups. No class name is special here.
 */
public final class DiceByClass {
  private static final String PREFIX = "dice_";

  private DiceByClass() {}

  /** {@code dice_lung_L -> 0.93} becomes {@code lung_L -> 0.93}, ordered as {@code config} names them. */
  public static Map<String, Double> of(Map<String, ?> flat, ExperimentConfig config) {
    List<String> order = new ArrayList<>(config.data().classes());
    order.addAll(config.evaluation().groups().keySet());
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : order) {
      Object v = flat.get(PREFIX + name);
      if (v instanceof Number n) {
        out.put(name, n.doubleValue());
      }
    }
    return out;
  }

  /** {@code lung_L 0.931, lung_R 0.925, infection 0.512, lungs 0.928}. */
  public static String describe(Map<String, Double> dice) {
    StringBuilder b = new StringBuilder();
    dice.forEach((name, v) -> b.append(b.length() == 0 ? "" : ", ").append(name).append(' ')
        .append(v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.3f", v)));
    return b.length() == 0 ? "(none)" : b.toString();
  }
}
