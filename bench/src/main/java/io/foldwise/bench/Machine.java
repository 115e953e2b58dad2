package io.foldwise.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** One line describing the machine a benchmark ran on. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (Exception e) {
      cpu = System.getProperty("os.arch");
    }
    Runtime rt = Runtime.getRuntime();
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage();
    return rt.availableProcessors() + " processors (nproc), " + cpu + ", Java "
        + System.getProperty("java.version") + ", max heap " + rt.maxMemory() / (1 << 20)
        + " MiB, load average at start " + String.format("%.1f", load);
  }
}
