package io.foldwise.runtime.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The values of the declared {@link ExperimentSettings} of one experiment, immutable: {@link #get} returns a copy of
 * arrays; a setting of a sub-section the file does without (phantoms or archives) is absent ({@link #has}).
 */
public final class SettingValues {
  private final Map<Setting<?>, Object> values;

  private SettingValues(Map<Setting<?>, Object> values) {
    this.values = values;
  }

  static SettingValues empty() {
    return new SettingValues(new LinkedHashMap<>());
  }

  /** These values and {@code setting} = {@code value}. */
  <T> SettingValues with(Setting<T> setting, T value) {
    Map<Setting<?>, Object> more = new LinkedHashMap<>(values);
    more.put(setting, setting.type().copy(Objects.requireNonNull(value, setting.key() + " == null")));
    return new SettingValues(more);
  }

  /** The value of {@code setting}; an {@link IllegalStateException} when it was not read (yet). */
  public <T> T get(Setting<T> setting) {
    Object v = values.get(setting);
    if (v == null) {
      throw new IllegalStateException(setting.key() + " is not read (yet); declare it in ExperimentSettings before "
          + "its use");
    }
    return setting.type().copy(setting.cast(v));
  }

  public boolean has(Setting<?> setting) {
    return values.containsKey(setting);
  }

  /** The data set's class names in label order ({@code data.classes}; empty before it is read). */
  public List<String> classes() {
    return has(ExperimentSettings.CLASSES) ? get(ExperimentSettings.CLASSES) : List.of();
  }

  /** The canonical nested form of the settings: keys as in the file, sorted; those not hashed left out. */
  Map<String, Object> canonicalMap() {
    Map<String, Object> root = new TreeMap<>();
    for (Map.Entry<Setting<?>, Object> e : values.entrySet()) {
      put(root, e.getKey(), e.getValue());
    }
    return root;
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(Map<String, Object> root, Setting<T> setting, Object raw) {
    T value = setting.cast(raw);
    if (!setting.hashed(value)) {
      return;
    }
    String[] path = setting.key().split("\\.");
    Map<String, Object> m = root;
    for (int i = 0; i < path.length - 1; i++) {
      m = (Map<String, Object>) m.computeIfAbsent(path[i], k -> new TreeMap<>());
    }
    m.put(path[path.length - 1], setting.type().canonical(value));
  }

  private List<Object> comparable() {
    List<Object> out = new ArrayList<>();
    values.forEach((k, v) -> {
      out.add(k.key());
      out.add(v);
    });
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingValues s && Arrays.deepEquals(comparable().toArray(), s.comparable().toArray());
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(comparable().toArray());
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("SettingValues{");
    values.forEach((k, v) -> b.append(k.key()).append('=').append(v instanceof int[] a ? Arrays.toString(a)
        : v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v)).append(", "));
    return b.append('}').toString();
  }
}
