package io.foldwise.unet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses which native ND4J build JavaCPP loads, from the CPU's flags, before ND4J starts.
 *
 * <p>All of {@code nd4j-native} {@code linux-x86_64-onednn-avx512}, {@code -onednn-avx2} and the
 * plain {@code linux-x86_64} build are on the class path. JavaCPP loads the one named by the system
 * property {@value #PROPERTY} (an extension appended to the platform) and falls back to the plain
 * build when no jar carries that extension. A value already set (for example by {@code ./foldwise}
 * or {@code -D...}) is kept. Call {@link #select()} before the first ND4J class is touched; every
 * entry point of this library does.
 */
public final class NativeBackend {
  /** The JavaCPP system property that selects the native build. */
  public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";

  private static final List<String> AVX512 = List.of("avx512f", "avx512bw", "avx512dq", "avx512vl");
  private static final List<String> AVX2 = List.of("avx2", "fma");

  private NativeBackend() {}

  /**
   * Sets {@value #PROPERTY} from {@code /proc/cpuinfo} unless it is already set; returns the value
   * in effect.
   */
  public static synchronized String select() {
    memoryLimits(Path.of("/proc/meminfo"));
    String current = System.getProperty(PROPERTY);
    if (current != null) {
      return current;
    }
    String chosen = extensionFor(cpuFlags(Path.of("/proc/cpuinfo")));
    System.setProperty(PROPERTY, chosen);
    return chosen;
  }

  /**
   * What computes the U-Net in this JVM, for run records (numbers are bit-identical only for the same
   * build, direct-oneDNN setting and thread count), e.g. {@code nd4j-native linux-x86_64-onednn-avx512;
   * direct oneDNN layers on; OpenMP threads 2}.
   */
  public static String describe() {
    String threads = System.getenv("OMP_NUM_THREADS");
    return "nd4j-native linux-x86_64" + select() + "; direct oneDNN layers "
        + (io.foldwise.unet.onednn.OneDnn.available() ? "on" : "off") + "; OpenMP threads "
        + (threads == null || threads.isBlank() ? Runtime.getRuntime().availableProcessors() + " (all cores)" : threads);
  }

  /**
   * The extension for a CPU with these flags: {@code -onednn-avx512} when it has AVX-512 F, BW, DQ
   * and VL; {@code -onednn-avx2} with AVX2 and FMA; otherwise {@code -onednn}, which no jar on our
   * class path carries, so JavaCPP falls back to the plain (SSE) linux-x86_64 build.
   */
  public static String extensionFor(Set<String> flags) {
    if (flags.containsAll(AVX512)) {
      return "-onednn-avx512";
    }
    if (flags.containsAll(AVX2)) {
      return "-onednn-avx2";
    }
    return "-onednn";
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
