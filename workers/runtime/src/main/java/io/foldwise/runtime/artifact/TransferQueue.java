package io.foldwise.runtime.artifact;

import io.foldwise.runtime.conductor.TaskClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Artifact-store transfers run in order on one background thread while the task's own thread computes: a stage
 * fetches its next input and uploads its last output while it works on the current one. Each transfer says what it
 * waits on ({@link TaskClock.Part#STORAGE} for MinIO, {@link TaskClock.Part#TRACKING} for MLflow); waiting for it
 * ({@link #await}, {@link #awaitAll}) counts as that part on the task's clock, and a transfer that overlaps compute
 * costs the task nothing. Transfers run in order, so a wait for one is its own remaining time. A failed transfer's
 * exception is thrown, as it was, by the wait that meets it.
 * {@link #close} stops the thread and waits for the transfer in flight, so nothing writes after the caller cleans up.
 */
public final class TransferQueue implements AutoCloseable {
  /** One transfer: store calls, local file work. */
  public interface Transfer {
    void run() throws Exception;
  }

  private final ExecutorService thread;
  private final List<Queued> submitted = new ArrayList<>();

  private record Queued(Future<?> future, TaskClock.Part part) {}

  /** {@code name} names the background thread (for thread dumps). */
  public TransferQueue(String name) {
    thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "foldwise-transfers-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Queues a transfer behind those already queued; {@code waitsOn} is what the task's clock counts while the task waits
   * for it (one transfer, one kind of call: queue a MinIO upload and an MLflow one as two transfers).
   */
  public Future<?> submit(TaskClock.Part waitsOn, Transfer transfer) {
    Objects.requireNonNull(waitsOn, "waitsOn == null");
    Future<?> f = thread.submit(() -> {
      transfer.run();
      return null;
    });
    submitted.add(new Queued(f, waitsOn));
    return f;
  }

  /** Waits for one transfer; its failure is thrown (unchecked as it was; a checked one wrapped, with the cause). */
  public void await(Future<?> transfer) {
    TaskClock.Part part = submitted.stream().filter(q -> q.future() == transfer).map(Queued::part).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a transfer of this queue: " + transfer));
    await(transfer, part);
  }

  private void await(Future<?> transfer, TaskClock.Part part) {
    try (TaskClock.Section timed = TaskClock.time(part)) {
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
    for (Queued q : List.copyOf(submitted)) {
      await(q.future(), q.part());
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
