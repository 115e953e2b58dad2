package io.foldwise.runtime.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A strict reader over one mapping of an experiment file: every read names the dotted key in its
 * error, and {@link #finish()} rejects keys nobody read (typos fail instead of being ignored).
 */
final class ConfigNode {
  private final String source;
  private final String path;
  private final JsonNode node;
  private final Set<String> known = new LinkedHashSet<>();

  ConfigNode(String source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    if (node == null || !node.isObject()) {
      throw new ExperimentConfigException(source + ": " + (path.isEmpty() ? "the document" : "'" + path + "'")
          + " must be a mapping of keys to values, got " + describe(node));
    }
    this.node = node;
  }

  String source() {
    return source;
  }

  private String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private JsonNode raw(String name, boolean required) {
    known.add(name);
    JsonNode value = node.get(name);
    if ((value == null || value.isNull()) && required) {
      throw error(name, "is missing; add it (see experiments/covid19-miscnn.yaml)");
    }
    return value == null || value.isNull() ? null : value;
  }

  boolean has(String name) {
    known.add(name);
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  ConfigNode object(String name) {
    return new ConfigNode(source, key(name), raw(name, true));
  }

  String string(String name) {
    JsonNode v = raw(name, true);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw bad(name, v, "must be a non-empty text");
    }
    return v.asText();
  }

  String string(String name, String fallback) {
    return has(name) ? string(name) : fallback;
  }

  String choice(String name, String fallback, String... allowed) {
    String value = has(name) ? string(name) : fallback;
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    throw bad(name, node.get(name), "must be one of " + String.join(", ", allowed));
  }

  long integer(String name, long min, long max) {
    JsonNode v = raw(name, true);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw bad(name, v, "must be a whole number");
    }
    long value = v.asLong();
    if (value < min || value > max) {
      throw bad(name, v, "must be between " + min + " and " + max);
    }
    return value;
  }

  long integer(String name, long min, long max, long fallback) {
    return has(name) ? integer(name, min, max) : fallback;
  }

  double number(String name, double min, double max) {
    JsonNode v = raw(name, true);
    if (!v.isNumber()) {
      throw bad(name, v, "must be a number");
    }
    double value = v.asDouble();
    if (!(value >= min && value <= max)) {
      throw bad(name, v, "must be between " + min + " and " + max);
    }
    return value;
  }

  double number(String name, double min, double max, double fallback) {
    return has(name) ? number(name, min, max) : fallback;
  }

  boolean bool(String name, boolean fallback) {
    if (!has(name)) {
      return fallback;
    }
    JsonNode v = raw(name, true);
    if (!v.isBoolean()) {
      throw bad(name, v, "must be true or false");
    }
    return v.asBoolean();
  }

  int[] ints(String name, int length, int min, int max) {
    JsonNode v = raw(name, true);
    if (!v.isArray() || v.size() != length) {
      throw bad(name, v, "must be a list of " + length + " whole numbers");
    }
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      JsonNode e = v.get(i);
      if (!e.isIntegralNumber() || e.asLong() < min || e.asLong() > max) {
        throw bad(name, v, "must be a list of " + length + " whole numbers between " + min + " and "
            + max);
      }
      out[i] = e.asInt();
    }
    return out;
  }

  double[] numbers(String name, int length, double min, double max) {
    JsonNode v = raw(name, true);
    if (!v.isArray() || (length > 0 && v.size() != length) || v.isEmpty()) {
      throw bad(name, v, "must be a list of " + (length > 0 ? length + " " : "") + "numbers");
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isNumber() || !(e.asDouble() >= min && e.asDouble() <= max)) {
        throw bad(name, v, "must be a list of numbers between " + min + " and " + max);
      }
      out[i] = e.asDouble();
    }
    return out;
  }

  List<String> strings(String name) {
    JsonNode v = raw(name, true);
    if (!v.isArray() || v.isEmpty()) {
      throw bad(name, v, "must be a non-empty list of names");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual() || e.asText().isBlank()) {
        throw bad(name, v, "must be a non-empty list of names");
      }
      if (out.contains(e.asText())) {
        throw bad(name, v, "lists '" + e.asText() + "' twice");
      }
      out.add(e.asText());
    }
    return List.copyOf(out);
  }

  /** The keys of this mapping, in file order (for mappings whose keys are names the user chooses). */
  List<String> keys() {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** Rejects keys of this mapping that no reader asked for. */
  void finish() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw error(name,
            "is not a known key; known keys " + (path.isEmpty() ? "at the top level" : "of '" + path + "'")
                + ": " + String.join(", ", known));
      }
    }
  }

  ExperimentConfigException bad(String name, JsonNode value, String what) {
    return error(name, what + ", got " + describe(value));
  }

  /** An error about key {@code name} of this mapping (named by its dotted path). */
  ExperimentConfigException error(String name, String what) {
    return new ExperimentConfigException(source + ": '" + key(name) + "' " + what);
  }

  /** An error about this mapping as a whole. */
  ExperimentConfigException errorHere(String what) {
    return new ExperimentConfigException(source + ": '" + (path.isEmpty() ? "(top level)" : path) + "' " + what);
  }

  private static String describe(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
  }
}
