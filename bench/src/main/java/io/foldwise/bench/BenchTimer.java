package io.foldwise.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Median wall time of repeated runs after warm-up, and the median CPU time of the calling thread
 * (on a shared machine the CPU time of single-threaded work is the steadier number: it does not
 * count time spent waiting for a core).
 */
final class BenchTimer {
  private BenchTimer() {}

  interface Body {
    void run() throws Exception;
  }

  /** Median wall and calling-thread CPU seconds. */
  record Timing(double wallSeconds, double cpuSeconds) {}

  /** Median seconds of {@code runs} timed runs after {@code warmups} untimed ones. */
  static double medianSeconds(int warmups, int runs, Body body) throws Exception {
    return time(warmups, runs, body).wallSeconds();
  }

  static Timing time(int warmups, int runs, Body body) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warmups; i++) {
      body.run();
    }
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      body.run();
      wall[i] = (System.nanoTime() - start) / 1e9;
      cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new Timing(wall[runs / 2], cpu[runs / 2]);
  }
}
