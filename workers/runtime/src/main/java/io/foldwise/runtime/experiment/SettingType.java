package io.foldwise.runtime.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The type of a {@link Setting}: how its value is read from the experiment file (with the exact error messages
 * of {@link ConfigNode}), how it is copied (arrays are cloned: a config never shares a mutable value) and its
 * canonical form (the JSON-able object the config hash is computed from).
 *
 * @param <T> the Java type of the value
 */
public final class SettingType<T> {
  /** Reads key {@code name} of {@code node}; {@code values} holds the settings read before it. */
  interface Reader<T> {
    T read(ConfigNode node, String name, SettingValues values);
  }

  private final String description;
  private final Reader<T> reader;
  private final Function<T, Object> canonical;
  private final Function<T, T> copy;

  private SettingType(String description, Reader<T> reader, Function<T, Object> canonical, Function<T, T> copy) {
    this.description = description;
    this.reader = reader;
    this.canonical = canonical;
    this.copy = copy;
  }

  T read(ConfigNode node, String name, SettingValues values) {
    return reader.read(node, name, values);
  }

  /** The value as it appears in the canonical map (and so in the hash): numbers, texts, booleans, lists, maps. */
  Object canonical(T value) {
    return canonical.apply(value);
  }

  T copy(T value) {
    return copy.apply(value);
  }

  @Override
  public String toString() {
    return description;
  }

  /** A whole number in min..max, as an {@code int}. */
  static SettingType<Integer> integer(int min, int max) {
    return new SettingType<>("whole number " + min + ".." + max,
        (n, k, v) -> (int) n.integer(k, min, max), x -> x, x -> x);
  }

  /** A whole number in min..max, as a {@code long}. */
  static SettingType<Long> longInteger(long min, long max) {
    return new SettingType<>("whole number " + min + ".." + max, (n, k, v) -> n.integer(k, min, max), x -> x, x -> x);
  }

  /** A number in min..max. */
  static SettingType<Double> number(double min, double max) {
    return new SettingType<>("number " + min + ".." + max, (n, k, v) -> n.number(k, min, max), x -> x, x -> x);
  }

  /** true or false. */
  static SettingType<Boolean> bool() {
    return new SettingType<>("true or false", (n, k, v) -> n.bool(k, false), x -> x, x -> x);
  }

  /** A non-empty text. */
  static SettingType<String> text() {
    return new SettingType<>("text", (n, k, v) -> n.string(k), x -> x, x -> x);
  }

  /** One of {@code allowed} (the first is the error message's first). */
  static SettingType<String> choice(String... allowed) {
    String[] copy = allowed.clone();
    return new SettingType<>("one of " + String.join(", ", copy), (n, k, v) -> n.choice(k, null, copy), x -> x, x -> x);
  }

  /** A list of {@code length} whole numbers in min..max. */
  static SettingType<int[]> ints(int length, int min, int max) {
    return new SettingType<>(length + " whole numbers " + min + ".." + max, (n, k, v) -> n.ints(k, length, min, max),
        SettingType::intList, int[]::clone);
  }

  /** A type of its own: {@code reader} sees the settings read before it (e.g. bounds that depend on them). */
  static <T> SettingType<T> custom(String description, Reader<T> reader, Function<T, Object> canonical,
      Function<T, T> copy) {
    return new SettingType<>(description, reader, canonical, copy);
  }

  /** A list of whole numbers read by {@code reader} (its length or bounds depend on settings read before it). */
  static SettingType<int[]> ints(String description, Reader<int[]> reader) {
    return new SettingType<>(description, reader, SettingType::intList, int[]::clone);
  }

  /** A list of numbers in min..max: {@code length} of them, or any positive count when length is 0. */
  static SettingType<double[]> numbers(int length, double min, double max) {
    return new SettingType<>((length > 0 ? length + " " : "") + "numbers " + min + ".." + max,
        (n, k, v) -> n.numbers(k, length, min, max), SettingType::doubleList, double[]::clone);
  }

  /** A non-empty list of distinct names. */
  static SettingType<List<String>> names() {
    return new SettingType<>("list of names", (n, k, v) -> n.strings(k), x -> x, List::copyOf);
  }

  /** A mapping of names the user chooses to lists of names, read by {@code reader} (e.g. evaluation groups). */
  static SettingType<Map<String, List<String>>> namedLists(Reader<Map<String, List<String>>> reader) {
    return new SettingType<>("mapping of names to lists of names", reader, TreeMap::new, SettingType::copyNamedLists);
  }

  private static Map<String, List<String>> copyNamedLists(Map<String, List<String>> m) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object intList(int[] values) {
    List<Integer> out = new ArrayList<>();
    Arrays.stream(values).forEach(out::add);
    return out;
  }

  private static Object doubleList(double[] values) {
    List<Double> out = new ArrayList<>();
    Arrays.stream(values).forEach(out::add);
    return out;
  }
}
