package io.foldwise.segmentation.transform.spatial;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs {@code count} independent slabs on {@code threads} threads with a fixed round-robin
 * assignment (slab i on thread i mod threads). Slabs must write disjoint outputs.
 */
public final class Slabs {
  private Slabs() {}

  /** The default thread count: all available processors. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  public static void run(int count, int threads, IntConsumer slab) {
    int n = Math.max(1, Math.min(threads, count));
    if (n == 1) {
      for (int i = 0; i < count; i++) {
        slab.accept(i);
      }
      return;
    }
    List<Thread> workers = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int t = 1; t < n; t++) {
      int start = t;
      Thread worker = new Thread(() -> {
        try {
          for (int i = start; i < count; i += n) {
            slab.accept(i);
          }
        } catch (Throwable e) {
          synchronized (failure) {
            if (failure[0] == null) {
              failure[0] = e;
            }
          }
        }
      }, "foldwise-slab-" + t);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    for (int i = 0; i < count; i += n) {
      slab.accept(i);
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for slab threads", e);
      }
    }
    synchronized (failure) {
      if (failure[0] instanceof RuntimeException r) {
        throw r;
      }
      if (failure[0] instanceof Error err) {
        throw err;
      }
    }
  }
}
