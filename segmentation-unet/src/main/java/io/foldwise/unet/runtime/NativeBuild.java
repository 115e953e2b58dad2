package io.foldwise.unet.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The native builds a user can choose with {@code FOLDWISE_NATIVE} (or {@code -Dfoldwise.native}):
 * which ND4J build JavaCPP loads, whether the U-Net's layers call oneDNN directly, and the highest
 * instruction set oneDNN may use.
 *
 * <ul>
 *   <li>{@code avx512}: ND4J {@code linux-x86_64-onednn-avx512}, direct oneDNN layers on.
 *   <li>{@code avx2}: ND4J {@code linux-x86_64-onednn-avx2}, direct oneDNN layers on, oneDNN capped at
 *       AVX2 (so on an AVX-512 CPU it runs the kernels an AVX2-only CPU runs).
 *   <li>{@code plain}: ND4J's plain {@code linux-x86_64} build (SSE, OpenBLAS), direct oneDNN layers off.
 *   <li>{@code auto} (the default): the fastest of these that this CPU runs.
 * </ul>
 */
public enum NativeBuild {
  AVX512("-onednn-avx512", true, null, List.of("avx512f", "avx512bw", "avx512dq", "avx512vl")),
  AVX2("-onednn-avx2", true, "avx2", List.of("avx2", "fma")),
  PLAIN("", false, null, List.of());

  /** Environment variable that chooses the build. */
  public static final String ENV = "FOLDWISE_NATIVE";
  /** System property that chooses the build (wins over {@value #ENV}). */
  public static final String PROPERTY = "foldwise.native";

  private final String extension;
  private final boolean directOneDnn;
  private final String maxIsa;
  private final List<String> requiredFlags;

  NativeBuild(String extension, boolean directOneDnn, String maxIsa, List<String> requiredFlags) {
    this.extension = extension;
    this.directOneDnn = directOneDnn;
    this.maxIsa = maxIsa;
    this.requiredFlags = requiredFlags;
  }

  /** The JavaCPP platform extension of the ND4J build ({@code ""} for the plain build). */
  public String extension() {
    return extension;
  }

  /** Whether the U-Net layers call oneDNN directly with this build. */
  public boolean directOneDnn() {
    return directOneDnn;
  }

  /**
   * The highest oneDNN ISA ({@code DNNL_MAX_CPU_ISA} spelling, lower case) this build allows, or null for
   * no cap.
   */
  public String maxIsa() {
    return maxIsa;
  }

  /** The name users write: {@code avx512}, {@code avx2}, {@code plain}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The CPU flags this build needs that {@code flags} lacks (empty when it runs here). */
  public List<String> missingFlags(Set<String> flags) {
    List<String> missing = new ArrayList<>();
    for (String f : requiredFlags) {
      if (!flags.contains(f)) {
        missing.add(f);
      }
    }
    return missing;
  }

  /** Every build a CPU with these flags runs, fastest first. */
  public static List<NativeBuild> supported(Set<String> flags) {
    List<NativeBuild> out = new ArrayList<>();
    for (NativeBuild b : values()) {
      if (b.missingFlags(flags).isEmpty()) {
        out.add(b);
      }
    }
    return out;
  }

  /** The build {@code auto} picks: the fastest one the CPU runs. */
  public static NativeBuild auto(Set<String> flags) {
    return supported(flags).get(0);
  }

  /**
   * The build a setting names on a CPU with these flags: {@code null}, blank or {@code auto} picks
   * {@link #auto}. A value that is not a build, or a build this CPU cannot run, is an error that says
   * what to use instead.
   */
  public static NativeBuild resolve(String setting, Set<String> flags) {
    String s = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty() || s.equals("auto")) {
      return auto(flags);
    }
    NativeBuild chosen = null;
    for (NativeBuild b : values()) {
      if (b.label().equals(s)) {
        chosen = b;
      }
    }
    if (chosen == null) {
      throw new IllegalArgumentException(ENV + "='" + setting + "' is not a native build; use auto, avx512, avx2 or plain");
    }
    List<String> missing = chosen.missingFlags(flags);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(ENV + "=" + chosen.label() + " needs a CPU with " + String.join(", ", chosen.requiredFlags)
          + "; this CPU lacks " + String.join(", ", missing) + ". Use one it runs: auto (" + auto(flags).label() + " here)"
          + supported(flags).stream().map(b -> ", " + b.label()).reduce("", String::concat));
    }
    return chosen;
  }
}
