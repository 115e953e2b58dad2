package io.foldwise.worker.preprocess;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dynamic fork's per-fold task and input, as {@code definitions/forks/foldwise_train_fold.json} defines them
 * (packaged on the class path), filled in per fold: {@code ${fold}}, {@code ${input.<key>}} (the split task's
 * input) and {@code ${output.<key>}} (what the split computed). A value that is one placeholder alone keeps the
 * value's type; placeholders inside a longer text are written into it.
 */
final class ForkTemplate {
  static final String RESOURCE = "definitions/forks/foldwise_train_fold.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ONE = Pattern.compile("\\$\\{([\\w.]+)}");
  private final String source;
  private final Map<String, Object> task;
  private final Map<String, Object> input;

  private ForkTemplate(String source, Map<String, Object> task, Map<String, Object> input) {
    this.source = source;
    this.task = Objects.requireNonNull(task, source + " has no 'task'");
    this.input = Objects.requireNonNull(input, source + " has no 'input'");
  }

  /** The template on the class path ({@value #RESOURCE}). */
  static ForkTemplate load() {
    try (InputStream in = ForkTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path; rebuild the preprocess worker");
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @SuppressWarnings("unchecked")
  static ForkTemplate parse(String json, String source) {
    try {
      Map<String, Object> root = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
      return new ForkTemplate(source, (Map<String, Object>) root.get("task"), (Map<String, Object>) root.get("input"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  /**
   * {@code forkTasks} (one task per fold) and {@code forkInputs} (each fold's input keyed by its task reference
   * name) for folds 0..folds-1.
   */
  Map<String, Object> fork(int folds, Map<String, Object> splitInput, Map<String, Object> splitOutput) {
    List<Object> tasks = new ArrayList<>();
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (int k = 0; k < folds; k++) {
      int fold = k;
      // by name only: the task input refuses keys its worker does not declare
      Function<String, Object> values = name -> value(name, fold, splitInput, splitOutput);
      @SuppressWarnings("unchecked")
      Map<String, Object> t = (Map<String, Object>) fill(task, values);
      tasks.add(t);
      inputs.put(String.valueOf(t.get("taskReferenceName")), fill(input, values));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("forkTasks", tasks);
    out.put("forkInputs", inputs);
    return out;
  }

  /** The keys of each fold's input (the fold workflow's inputParameters). */
  List<String> inputKeys() {
    return List.copyOf(input.keySet());
  }

  private Object fill(Object template, Function<String, Object> values) {
    if (template instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), fill(v, values)));
      return out;
    }
    if (template instanceof List<?> l) {
      return l.stream().map(v -> fill(v, values)).toList();
    }
    if (!(template instanceof String s)) {
      return template;
    }
    Matcher whole = ONE.matcher(s);
    if (whole.matches()) {
      return values.apply(whole.group(1));
    }
    Matcher m = ONE.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(String.valueOf(values.apply(m.group(1)))));
    }
    m.appendTail(b);
    return b.toString();
  }

  private Object value(String name, int fold, Map<String, Object> splitInput, Map<String, Object> splitOutput) {
    if (name.equals("fold")) {
      return fold;
    }
    if (name.startsWith("input.")) {
      return splitInput.get(name.substring("input.".length()));
    }
    if (name.startsWith("output.") && splitOutput.containsKey(name.substring("output.".length()))) {
      return splitOutput.get(name.substring("output.".length()));
    }
    throw new IllegalStateException(source + ": placeholder ${" + name + "} names nothing the split task has: use "
        + "${fold}, ${input.<key>} or ${output.<key>} of " + splitOutput.keySet());
  }
}
