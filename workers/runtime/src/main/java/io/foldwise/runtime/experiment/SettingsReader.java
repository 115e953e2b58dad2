package io.foldwise.runtime.experiment;

import java.util.List;

/**
 * Reads declared {@link Setting}s from an experiment file's mappings, in declaration order: each value (or its
 * default), then its checks; a sub-mapping ({@code training.early_stopping}) is opened for the settings under it
 * and its unknown keys are refused when they are read. Checks declared {@code checkAfterSection} run once their
 * top-level section is read, before its unknown keys are refused. A sub-section listed in
 * {@link ExperimentSettings#SECTIONS_READ_WHEN} is read only when its parent calls for it, after the parent's rule
 * ({@link ExperimentSettings#SECTION_RULES}).
 */
final class SettingsReader {
  private SettingsReader() {}

  /**
   * Reads {@code settings} (all under {@code node}, whose dotted path is {@code prefix}, e.g. {@code ""} or
   * {@code "training."}) into {@code values}; sub-mappings are finished here, {@code node} itself is not.
   */
  static SettingValues read(ConfigNode node, String prefix, List<Setting<?>> settings, SettingValues values) {
    int i = 0;
    boolean ruled = prefix.isEmpty();
    while (i < settings.size()) {
      Setting<?> s = settings.get(i);
      String rest = s.key().substring(prefix.length());
      int dot = rest.indexOf('.');
      if (dot < 0) {
        values = readOne(node, rest, s, values);
        i++;
        continue;
      }
      String section = rest.substring(0, dot);
      String sub = prefix + section + ".";
      int j = i;
      while (j < settings.size() && settings.get(j).key().startsWith(sub)) {
        j++;
      }
      if (!ruled) { // the mapping's own rule (e.g. phantom or archives), before its first sub-section
        ruled = true;
        String problem = ExperimentSettings.SECTION_RULES.getOrDefault(prefix.substring(0, prefix.length() - 1),
            n -> null).apply(node);
        if (problem != null) {
          throw node.errorHere(problem);
        }
      }
      var when = ExperimentSettings.SECTIONS_READ_WHEN.get(prefix + section);
      if (when != null && !when.test(node)) { // a sub-section this file does without (its settings stay absent)
        i = j;
        continue;
      }
      ConfigNode child = node.object(section);
      List<Setting<?>> inside = settings.subList(i, j);
      values = read(child, sub, inside, values);
      if (prefix.isEmpty()) { // a top-level section: its cross-checks, then its unknown keys
        for (Setting<?> t : inside) {
          values = checkAfterSection(child, sub, t, values);
        }
      }
      child.finish();
      i = j;
    }
    return values;
  }

  private static <T> SettingValues readOne(ConfigNode node, String name, Setting<T> s, SettingValues values) {
    T value = s.required() || node.has(name) ? s.type().read(node, name, values) : s.fallback(values);
    for (Setting.Check<T> check : s.checks()) {
      String problem = check.problem(value, values);
      if (problem != null) {
        throw node.error(name, problem);
      }
    }
    return values.with(s, value);
  }

  private static <T> SettingValues checkAfterSection(ConfigNode section, String prefix, Setting<T> s,
      SettingValues values) {
    for (Setting.Check<T> check : s.sectionChecks()) {
      String problem = check.problem(values.get(s), values);
      if (problem != null) {
        throw section.error(s.key().substring(prefix.length()), problem);
      }
    }
    return values;
  }
}
