package io.foldwise.unet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Chooses which native ND4J build JavaCPP loads, and whether the U-Net calls oneDNN directly, before
 * ND4J starts: the {@link NativeBuild} that {@code FOLDWISE_NATIVE} (or {@code -Dfoldwise.native})
 * names, {@code auto} (the default) being the fastest one this CPU runs.
 *
 * <p>All of {@code nd4j-native} {@code linux-x86_64-onednn-avx512}, {@code -onednn-avx2} and the
 * plain {@code linux-x86_64} build are on the class path. JavaCPP loads the one named by the system
 * property {@value #PROPERTY} (an extension appended to the platform). A value already set (by
 * {@code ./foldwise}, which resolves the same setting, or by {@code -D...}) is kept when no build is
 * named, and must agree with the build when one is. Call {@link #select()} before the first ND4J class
 * is touched; every entry point of this library does.
 */
public final class NativeBackend {
  /** The JavaCPP system property that selects the native build. */
  public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";

  private static NativeBuild build;

  private NativeBackend() {}

  /**
   * Resolves the build (once per JVM) and sets {@value #PROPERTY}; returns the extension in effect.
   *
   * @throws IllegalArgumentException when {@code FOLDWISE_NATIVE} names no build, a build this CPU cannot
   *     run, or one that disagrees with a preset {@value #PROPERTY}
   */
  public static synchronized String select() {
    return build().extension();
  }

  /** The build in effect in this JVM (resolving it on first use, as {@link #select()} does). */
  public static synchronized NativeBuild build() {
    if (build == null) {
      memoryLimits(Path.of("/proc/meminfo"));
      build = resolve(setting(), cpuFlags(Path.of("/proc/cpuinfo")), System.getProperty(PROPERTY));
      if (System.getProperty(PROPERTY) == null) {
        System.setProperty(PROPERTY, build.extension());
      }
    }
    return build;
  }

  /** The build setting: {@code -Dfoldwise.native}, else {@code FOLDWISE_NATIVE}, else null (auto). */
  public static String setting() {
    String s = System.getProperty(NativeBuild.PROPERTY);
    return s != null ? s : System.getenv(NativeBuild.ENV);
  }

  /**
   * The build for a setting on a CPU with these flags, given the JavaCPP extension already preset (or
   * null). With no build named, a preset extension is kept (the build it names, else plain).
   */
  static NativeBuild resolve(String setting, Set<String> flags, String presetExtension) {
    boolean named = setting != null && !setting.isBlank() && !setting.trim().equalsIgnoreCase("auto");
    if (presetExtension != null && !named) {
      for (NativeBuild b : NativeBuild.values()) {
        if (b.extension().equals(presetExtension)) {
          return b;
        }
      }
      return NativeBuild.PLAIN;
    }
    NativeBuild b = NativeBuild.resolve(setting, flags);
    if (presetExtension != null && !presetExtension.equals(b.extension())) {
      throw new IllegalArgumentException(NativeBuild.ENV + "=" + setting.trim() + " selects nd4j-native linux-x86_64"
          + b.extension() + " but -D" + PROPERTY + "=" + presetExtension + " selects another build; drop one of the two");
    }
    return b;
  }

  /**
   * What computes the U-Net in this JVM, for run records (numbers are bit-identical only for the same
   * build, direct-oneDNN setting and thread count), e.g. {@code nd4j-native linux-x86_64-onednn-avx2
   * (FOLDWISE_NATIVE=avx2); direct oneDNN layers on, ISA avx2; OpenMP threads 2}.
   */
  public static String describe() {
    String threads = System.getenv("OMP_NUM_THREADS");
    String isa = io.foldwise.unet.onednn.OneDnn.available() ? ", ISA " + io.foldwise.unet.onednn.OneDnn.effectiveIsa() : "";
    return "nd4j-native linux-x86_64" + select() + " (" + NativeBuild.ENV + "=" + build().label() + "); direct oneDNN layers "
        + (io.foldwise.unet.onednn.OneDnn.available() ? "on" : "off") + isa + "; OpenMP threads "
        + (threads == null || threads.isBlank() ? Runtime.getRuntime().availableProcessors() + " (all cores)" : threads);
  }

  /** The build {@code auto} picks on a CPU with these flags. */
  public static String extensionFor(Set<String> flags) {
    return NativeBuild.auto(flags).extension();
  }

  /**
   * JavaCPP caps ND4J's off-heap memory at the Java heap size (-Xmx) unless told otherwise; the
   * full U-Net patch needs ~15 GB off-heap. Unless set, allow 80% of physical memory off-heap
   * ({@code org.bytedeco.javacpp.maxbytes}) and 90% for the whole process
   * ({@code maxphysicalbytes}).
   */
  static void memoryLimits(Path meminfo) {
    if (System.getProperty("org.bytedeco.javacpp.maxbytes") != null) {
      return;
    }
    try {
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          System.setProperty("org.bytedeco.javacpp.maxbytes", String.valueOf(kb * 1024 / 10 * 8));
          if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", String.valueOf(kb * 1024 / 10 * 9));
          }
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // keep JavaCPP's defaults
    }
  }

  /** The flags of the first processor listed in a cpuinfo file; empty when it cannot be read. */
  public static Set<String> cpuFlags(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("flags")) {
          int colon = line.indexOf(':');
          return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux or not readable: the safe choice is the plain build
    }
    return Set.of();
  }
}
