package io.foldwise.unet.data;

import io.foldwise.segmentation.patch.Patch;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares the batches of one epoch in background threads, at most {@code queueSize} ahead of the
 * consumer (MIScnn's batch_queue_size). Batches come out in iteration order; their content depends
 * only on their position (see {@link PatchStream}), never on thread timing.
 */
public final class BatchQueue implements AutoCloseable {
  private final PatchStream stream;
  private final int streamId;
  private final int epoch;
  private final int iterations;
  private final int batchSize;
  private final int queueSize;
  private final ExecutorService pool;
  private final Deque<Future<List<Patch>>> pending = new ArrayDeque<>();
  private int submitted;

  public BatchQueue(PatchStream stream, int streamId, int epoch, int iterations, int batchSize,
      int queueSize) {
    this.stream = stream;
    this.streamId = streamId;
    this.epoch = epoch;
    this.iterations = iterations;
    this.batchSize = batchSize;
    this.queueSize = queueSize;
    int threads = Math.max(1, Math.min(queueSize, 2));
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "foldwise-patches");
      t.setDaemon(true);
      return t;
    });
    fill();
  }

  private void fill() {
    while (pending.size() < queueSize && submitted < iterations) {
      int iteration = submitted++;
      pending.add(pool.submit(() -> stream.batch(streamId, epoch, iteration, batchSize)));
    }
  }

  /** The next batch in iteration order; waits for it if needed. */
  public List<Patch> next() {
    Future<List<Patch>> head = pending.poll();
    if (head == null) {
      throw new IllegalStateException("all " + iterations + " batches of epoch " + epoch + " taken");
    }
    fill();
    try {
      return head.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
