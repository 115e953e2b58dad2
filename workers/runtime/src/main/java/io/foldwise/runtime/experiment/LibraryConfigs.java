package io.foldwise.runtime.experiment;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a library config record (the U-Net's {@code UnetConfig}, {@code TrainingConfig}) from the settings
 * declared {@code into} its components ({@link ExperimentSettings}), by component name, so the library's positional
 * records are filled from one table instead of by hand in each worker. Every component must be given by
 * exactly one setting or {@link ExperimentSettings#LIBRARY_FIXED}; a nested record component
 * ({@code reduceLr}) is built the same way. A text goes into an enum component through the enum's static {@code of(String)} or
 * {@code parse(String)}; a list of texts into a list of such enums.
 */
public final class LibraryConfigs {
  private LibraryConfigs() {}

  /** The library config of {@code type} from {@code values}; {@code fold} is -1 where no fold is meant. */
  public static <R extends Record> R build(Class<R> type, SettingValues values, int fold) {
    String library = libraryOf(type);
    Map<String, Object> byPath = new LinkedHashMap<>();
    for (Setting<?> s : ExperimentSettings.ALL) {
      for (Setting.Target t : s.targets()) {
        if (t.path().startsWith(library + ".")) {
          put(byPath, t.path().substring(library.length() + 1), t.converter().convert(values.get(s), values, fold),
              s.key());
        }
      }
    }
    ExperimentSettings.LIBRARY_FIXED.forEach((path, converter) -> {
      if (path.startsWith(library + ".")) {
        put(byPath, path.substring(library.length() + 1), converter.convert(null, values, fold), "LIBRARY_FIXED");
      }
    });
    return type.cast(record(type, "", byPath));
  }

  /** The library name ({@code unet}, {@code training}) {@link ExperimentSettings#LIBRARIES} gives {@code type}. */
  public static String libraryOf(Class<?> type) {
    return ExperimentSettings.LIBRARIES.entrySet().stream().filter(e -> e.getValue().equals(type.getName()))
        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new IllegalArgumentException(type.getName()
            + " is not a library config the settings go into; known: " + ExperimentSettings.LIBRARIES.values()));
  }

  private static void put(Map<String, Object> byPath, String path, Object value, String from) {
    if (byPath.containsKey(path)) {
      throw new IllegalStateException("library component " + path + " is given twice (again by " + from
          + "); declare it once in ExperimentSettings");
    }
    byPath.put(path, value);
  }

  private static Object record(Class<?> type, String prefix, Map<String, Object> byPath) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    List<String> used = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      String path = prefix + c.getName();
      if (byPath.containsKey(path)) {
        args[i] = adapt(byPath.get(path), c);
        used.add(path);
      } else if (c.getType().isRecord() && byPath.keySet().stream().anyMatch(k -> k.startsWith(path + "."))) {
        args[i] = record(c.getType(), path + ".", byPath);
        byPath.keySet().stream().filter(k -> k.startsWith(path + ".")).forEach(used::add);
      } else {
        throw new IllegalStateException(type.getSimpleName() + "." + c.getName() + " (" + path
            + ") is given by no setting; declare it in ExperimentSettings (into(...) or LIBRARY_FIXED)");
      }
    }
    if (prefix.isEmpty()) {
      List<String> unknown = byPath.keySet().stream().filter(k -> !used.contains(k)).toList();
      if (!unknown.isEmpty()) {
        throw new IllegalStateException("ExperimentSettings name components " + type.getSimpleName()
            + " does not have: " + unknown);
      }
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // the library's own check, with its message
      }
      throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName() + " from " + byPath + ": " + e, e);
    }
  }

  private static Object adapt(Object value, RecordComponent c) {
    if (c.getType().isEnum() && value instanceof String s) {
      return enumOf(c.getType(), s);
    }
    if (List.class.equals(c.getType()) && value instanceof List<?> list
        && c.getGenericType() instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> e
        && e.isEnum()) {
      return list.stream().map(x -> x instanceof String s ? enumOf(e, s) : x).toList();
    }
    return value;
  }

  private static Object enumOf(Class<?> type, String id) {
    for (String name : List.of("of", "parse")) {
      try {
        Method m = type.getMethod(name, String.class);
        if (Modifier.isStatic(m.getModifiers()) && type.equals(m.getReturnType())) {
          return m.invoke(null, id);
        }
      } catch (NoSuchMethodException e) {
        // try the next name
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(type.getSimpleName() + " has no static of(String) or parse(String) to read '"
        + id + "'");
  }
}
