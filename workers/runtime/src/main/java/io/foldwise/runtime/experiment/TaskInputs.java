package io.foldwise.runtime.experiment;

import io.foldwise.runtime.conductor.InvalidInputException;
import java.util.Map;

/** Reads a stage task's input; a missing or malformed value is an {@link InvalidInputException} naming it. */
public final class TaskInputs {
  private TaskInputs() {}

  /** The experiment config that travels in every task input under {@code config}. */
  public static ExperimentConfig config(Map<String, Object> input) {
    Object raw = input.get("config");
    if (!(raw instanceof Map<?, ?> map)) {
      throw new InvalidInputException("task input 'config' must be the experiment config map, got "
          + (raw == null ? "nothing" : raw.getClass().getSimpleName())
          + "; start the workflow through ./foldwise run or the registered foldwise_<experiment> definition");
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, ?> m = (Map<String, ?>) map;
      return ExperimentConfig.fromMap(m, "task input 'config'");
    } catch (ExperimentConfigException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  public static String string(Map<String, Object> input, String key) {
    Object v = input.get(key);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new InvalidInputException("task input '" + key + "' must be a non-empty text, got "
          + (v == null ? "nothing" : "'" + v + "'"));
    }
    return s;
  }

  public static int integer(Map<String, Object> input, String key) {
    Object v = input.get(key);
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    if (v instanceof String s && s.matches("-?\\d+")) {
      return Integer.parseInt(s);
    }
    throw new InvalidInputException("task input '" + key + "' must be a whole number, got "
        + (v == null ? "nothing" : "'" + v + "'"));
  }
}
