package io.foldwise.runtime.artifact;

import io.foldwise.runtime.conductor.TaskClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Artifact-store transfers run in order on one background thread while the task's own thread computes: a stage
 * fetches its next input and uploads its last output while it works on the current one. Waiting for a transfer
 * ({@link #await}, {@link #awaitAll}) counts as storage time on the task's clock; a transfer that overlaps compute
 * costs the task nothing. A failed transfer's exception is thrown, as it was, by the wait that meets it.
 * {@link #close} stops the thread and waits for the transfer in flight, so nothing writes after the caller cleans up.
 */
public final class TransferQueue implements AutoCloseable {
  /** One transfer: store calls, local file work. */
  public interface Transfer {
    void run() throws Exception;
  }

  private final ExecutorService thread;
  private final List<Future<?>> submitted = new ArrayList<>();

  /** {@code name} names the background thread (for thread dumps). */
  public TransferQueue(String name) {
    thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "foldwise-transfers-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues a transfer behind those already queued. */
  public Future<?> submit(Transfer transfer) {
    Future<?> f = thread.submit(() -> {
      transfer.run();
      return null;
    });
    submitted.add(f);
    return f;
  }

  /** Waits for one transfer; its failure is thrown (unchecked as it was; a checked one wrapped, with the cause). */
  public void await(Future<?> transfer) {
    try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
      transfer.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new ArtifactException("transfer failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArtifactException("interrupted while waiting for a transfer", e);
    }
  }

  /** Waits for every transfer queued so far, in order; the first failure is thrown. */
  public void awaitAll() {
    for (Future<?> f : List.copyOf(submitted)) {
      await(f);
    }
    submitted.clear();
  }

  /** Cancels what has not started and waits (up to 10 minutes) for the transfer in flight. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new ArtifactException("a transfer was still running 10 minutes after its task ended");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
