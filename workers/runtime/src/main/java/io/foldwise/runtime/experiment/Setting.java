package io.foldwise.runtime.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting of an experiment file, declared once in {@link ExperimentSettings}: its dotted key, its type, its default
 * (none: the key is required), its checks (with the exact messages the file's author sees), whether its
 * canonical form enters the config hash, and where it goes in the library's configs ({@link LibraryConfigs}).
 * Immutable; the {@code with} methods return a new declaration.
 *
 * @param <T> the Java type of the value
 */
public final class Setting<T> {
  /** A check of a value against the settings read before it: a problem in words, or null when it is fine. */
  public interface Check<T> {
    String problem(T value, SettingValues values);
  }

  /** Where a setting's value goes in a library config: {@code <library>.<component>[.<component>]}, converted. */
  public record Target(String path, Converter converter) {
    public Target {
      Objects.requireNonNull(path, "path == null");
      Objects.requireNonNull(converter, "converter == null");
    }
  }

  /** Converts a setting's value for its library config; {@code fold} is -1 where no fold is meant. */
  public interface Converter {
    Object convert(Object value, SettingValues values, int fold);
  }

  private final String key;
  private final SettingType<T> type;
  private final Function<SettingValues, T> fallback;
  private final List<Check<T>> checks;
  private final List<Check<T>> sectionChecks;
  private final Predicate<T> hashed;
  private final List<Target> targets;

  private Setting(String key, SettingType<T> type, Function<SettingValues, T> fallback, List<Check<T>> checks,
      List<Check<T>> sectionChecks, Predicate<T> hashed, List<Target> targets) {
    this.key = Objects.requireNonNull(key, "key == null");
    this.type = Objects.requireNonNull(type, "type == null");
    this.fallback = fallback;
    this.checks = List.copyOf(checks);
    this.sectionChecks = List.copyOf(sectionChecks);
    this.hashed = hashed;
    this.targets = List.copyOf(targets);
  }

  /** A required setting: the file must give it. */
  static <T> Setting<T> of(String key, SettingType<T> type) {
    return new Setting<>(key, type, null, List.of(), List.of(), v -> true, List.of());
  }

  /** The value when the file does not give one. */
  Setting<T> orElse(T value) {
    return orElseFrom(values -> value);
  }

  /** The value when the file does not give one, from the settings read before it (e.g. micro_batch = batch_size). */
  Setting<T> orElseFrom(Function<SettingValues, T> value) {
    return new Setting<>(key, type, value, checks, sectionChecks, hashed, targets);
  }

  /** A check right after the value is read. */
  Setting<T> check(Check<T> check) {
    List<Check<T>> more = new ArrayList<>(checks);
    more.add(check);
    return new Setting<>(key, type, fallback, more, sectionChecks, hashed, targets);
  }

  /** A check once its top-level section is read (it needs settings read after it), before unknown keys are. */
  Setting<T> checkAfterSection(Check<T> check) {
    List<Check<T>> more = new ArrayList<>(sectionChecks);
    more.add(check);
    return new Setting<>(key, type, fallback, checks, more, hashed, targets);
  }

  /** Left out of the canonical form (and the hash) unless {@code when} holds, so older files keep their hash. */
  Setting<T> hashedOnlyWhen(Predicate<T> when) {
    return new Setting<>(key, type, fallback, checks, sectionChecks, when, targets);
  }

  /** Goes unchanged to library component {@code path} (e.g. {@code training.foregroundShare}). */
  Setting<T> into(String path) {
    return into(path, (value, values, fold) -> value);
  }

  /** Goes to library component {@code path} as {@code converter} makes it. */
  Setting<T> into(String path, Converter converter) {
    List<Target> more = new ArrayList<>(targets);
    more.add(new Target(path, converter));
    return new Setting<>(key, type, fallback, checks, sectionChecks, hashed, more);
  }

  /** The dotted key, e.g. {@code training.foreground_oversampling}. */
  public String key() {
    return key;
  }

  /** The top-level section the key is in ({@code training}), or the key itself at the top level. */
  public String section() {
    return key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
  }

  /** The key's last part, e.g. {@code foreground_oversampling}. */
  public String name() {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  public SettingType<T> type() {
    return type;
  }

  /** Whether the file must give it. */
  public boolean required() {
    return fallback == null;
  }

  public List<Target> targets() {
    return targets;
  }

  T fallback(SettingValues values) {
    return fallback.apply(values);
  }

  List<Check<T>> checks() {
    return checks;
  }

  List<Check<T>> sectionChecks() {
    return sectionChecks;
  }

  /** Whether {@code value} enters the canonical form. */
  boolean hashed(T value) {
    return hashed.test(value);
  }

  @SuppressWarnings("unchecked")
  T cast(Object value) {
    return (T) value;
  }

  @Override
  public String toString() {
    return key + " (" + type + ")";
  }
}
