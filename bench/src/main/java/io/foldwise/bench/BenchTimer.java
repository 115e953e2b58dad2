package io.foldwise.bench;

import java.util.Arrays;

/** Median wall time of repeated runs after warm-up. */
final class BenchTimer {
  private BenchTimer() {}

  interface Body {
    void run() throws Exception;
  }

  /** Median seconds of {@code runs} timed runs after {@code warmups} untimed ones. */
  static double medianSeconds(int warmups, int runs, Body body) throws Exception {
    for (int i = 0; i < warmups; i++) {
      body.run();
    }
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      body.run();
      t[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(t);
    return t[runs / 2];
  }
}
