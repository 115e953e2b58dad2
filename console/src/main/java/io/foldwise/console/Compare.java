package io.foldwise.console;

import static io.foldwise.console.Html.esc;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.ExperimentSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two or more executions side by side: their configs key by key (the changed settings first) and the
 * cross-validation metrics of their MLflow parent runs ({@code cv.<metric>_<class>.{mean,sd,median}}).
 */
final class Compare {
  /** One execution as the compare page needs it. */
  record Column(String workflowId, String status, ExperimentConfig config, String mlflowExperimentId,
      String parentRunId, Map<String, Double> metrics) {}

  private Compare() {}

  /** Every setting of a config as a dotted key ({@code training.epochs}), the description left out. */
  static Map<String, String> flatten(ExperimentConfig config) {
    Map<String, String> out = new TreeMap<>();
    Map<String, Object> map = new TreeMap<>(config.toMap());
    map.remove(ExperimentSettings.DESCRIPTION.key());
    flatten("", map, out);
    return out;
  }

  private static void flatten(String prefix, Object value, Map<String, String> out) {
    if (value instanceof Map<?, ?> m && !m.isEmpty()) {
      new TreeMap<>(m).forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else {
      out.put(prefix, String.valueOf(value));
    }
  }

  /** The keys whose values are not the same in every column (a key missing from one counts as changed). */
  static Set<String> changedKeys(List<Map<String, String>> configs) {
    Set<String> all = new TreeSet<>();
    configs.forEach(c -> all.addAll(c.keySet()));
    Set<String> changed = new LinkedHashSet<>();
    for (String key : all) {
      String first = configs.get(0).get(key);
      for (Map<String, String> c : configs) {
        if (!Objects.equals(first, c.get(key))) {
          changed.add(key);
          break;
        }
      }
    }
    return changed;
  }

  /** The names {@code <metric>_<class>} that have a {@code cv.<name>.mean} in any column, Dice first, sorted. */
  static Set<String> metricNames(List<Column> columns) {
    Set<String> names = new TreeSet<>(java.util.Comparator.comparing((String n) -> !n.startsWith("dice_"))
        .thenComparing(java.util.Comparator.naturalOrder()));
    for (Column c : columns) {
      for (String key : c.metrics().keySet()) {
        if (key.startsWith("cv.") && key.endsWith(".mean")) {
          names.add(key.substring(3, key.length() - 5));
        }
      }
    }
    return names;
  }

  static String page(List<Column> columns, String mlflowCompareUrl) {
    StringBuilder b = new StringBuilder("<h1>Compare ").append(columns.size()).append(" executions</h1>");
    b.append("<p><a id=\"mlflow-compare\" href=\"").append(esc(mlflowCompareUrl))
        .append("\">Open these parent runs in MLflow's compare view</a></p>");
    b.append("<table id=\"compare-head\"><tr><th></th>");
    columns.forEach(c -> b.append("<th><a href=\"/executions/").append(esc(c.workflowId())).append("\">")
        .append(esc(c.config().name())).append("<br><code>").append(esc(c.workflowId())).append("</code></a><br>")
        .append(Html.status(c.status())).append("</th>"));
    b.append("</tr></table>");

    List<Map<String, String>> configs = new ArrayList<>();
    columns.forEach(c -> configs.add(flatten(c.config())));
    Set<String> changed = changedKeys(configs);
    b.append("<h2>Settings that differ</h2>");
    if (changed.isEmpty()) {
      b.append("<p id=\"no-differences\">None: every setting is the same (config hash <code>")
          .append(esc(columns.get(0).config().hash())).append("</code>).</p>");
    } else {
      b.append(settingsTable("config-diff", changed, configs, Set.of()));
    }
    Set<String> all = new TreeSet<>(configs.get(0).keySet());
    configs.forEach(c -> all.addAll(c.keySet()));
    b.append("<details><summary>All ").append(all.size()).append(" settings</summary>")
        .append(settingsTable("config-all", all, configs, changed)).append("</details>");

    b.append("<h2>Cross-validation metrics</h2>");
    Set<String> names = metricNames(columns);
    if (names.isEmpty()) {
      b.append("<p>No cross-validation metrics yet: they are logged by the aggregate stage when an execution "
          + "completes.</p>");
    } else {
      b.append("<table id=\"metrics\"><tr><th>metric</th>");
      columns.forEach(c -> b.append("<th>").append(esc(c.config().name())).append("<br><code>")
          .append(esc(c.workflowId().substring(0, Math.min(8, c.workflowId().length())))).append("</code></th>"));
      b.append("</tr>");
      for (String name : names) {
        b.append("<tr data-metric=\"").append(esc(name)).append("\"><td>").append(esc(name)).append("</td>");
        for (Column c : columns) {
          Double mean = c.metrics().get("cv." + name + ".mean");
          Double sd = c.metrics().get("cv." + name + ".sd");
          Double median = c.metrics().get("cv." + name + ".median");
          b.append("<td>");
          if (mean != null) {
            b.append("<span class=\"mean\">").append(Html.num(mean)).append("</span>");
            if (sd != null) {
              b.append(" ± ").append(Html.num(sd));
            }
            if (median != null) {
              b.append("<br><small>median ").append(Html.num(median)).append("</small>");
            }
          }
          b.append("</td>");
        }
        b.append("</tr>");
      }
      b.append("</table><p><small>mean ± sd over folds, and the median, as the aggregate stage logs them "
          + "(<code>cv.&lt;metric&gt;_&lt;class&gt;.{mean,sd,median}</code>).</small></p>");
    }
    return Html.page("Compare", b.toString());
  }

  /** One row per key, one column per execution; rows whose key is in {@code marked} get the class "changed". */
  private static String settingsTable(String id, Set<String> keys, List<Map<String, String>> configs,
      Set<String> marked) {
    StringBuilder b = new StringBuilder("<table id=\"").append(id).append("\"><tr><th>setting</th>");
    for (int i = 0; i < configs.size(); i++) {
      b.append("<th>#").append(i + 1).append("</th>");
    }
    b.append("</tr>");
    for (String key : keys) {
      b.append("<tr data-key=\"").append(esc(key)).append("\"").append(marked.contains(key) ? " class=\"changed\"" : "")
          .append("><td><code>").append(esc(key)).append("</code></td>");
      for (Map<String, String> config : configs) {
        String v = config.get(key);
        b.append("<td>").append(v == null ? "<i>absent</i>" : esc(v)).append("</td>");
      }
      b.append("</tr>");
    }
    return b.append("</table>").toString();
  }
}
