package io.foldwise.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident set size of this process (VmHWM), resettable between configurations. */
final class UnetMemory {
  private UnetMemory() {}

  /** Resets the peak to the current RSS (Linux: write 5 to /proc/self/clear_refs); false if not possible. */
  static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Peak RSS in MiB, or -1 when unknown. */
  static long peakMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}
