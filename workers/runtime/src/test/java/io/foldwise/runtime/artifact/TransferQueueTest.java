package io.foldwise.runtime.artifact;

import static io.foldwise.runtime.conductor.TaskClock.Part.STORAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TransferQueueTest {

  @Test
  void transfersRunInOrderOnTheirOwnThreadWhileTheCallerGoesOn() throws Exception {
    List<String> done = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (TransferQueue q = new TransferQueue("test")) {
      Future<?> first = q.submit(STORAGE, () -> {
        threads.add(Thread.currentThread());
        release.await();
        done.add("fetch 1");
      });
      q.submit(STORAGE, () -> done.add("upload 0"));
      Future<?> third = q.submit(STORAGE, () -> done.add("fetch 2"));
      // the caller is not held up by the transfer that waits
      assertEquals(List.of(), done);
      release.countDown();
      q.await(third);
      assertTrue(first.isDone());
      assertEquals(List.of("fetch 1", "upload 0", "fetch 2"), done);
      q.awaitAll();
    }
    assertNotEquals(Thread.currentThread(), threads.get(0));
    assertTrue(threads.get(0).getName().startsWith("foldwise-transfers-test"), threads.get(0).getName());
  }

  @Test
  void aFailedTransferIsThrownByTheWaitThatMeetsIt() {
    ArtifactNotFoundException missing = new ArtifactNotFoundException("s3://b/k");
    try (TransferQueue q = new TransferQueue("test")) {
      Future<?> f = q.submit(STORAGE, () -> {
        throw missing;
      });
      assertSame(missing, assertThrows(ArtifactNotFoundException.class, () -> q.await(f)));
    }
    try (TransferQueue q = new TransferQueue("test")) {
      q.submit(STORAGE, () -> {});
      q.submit(STORAGE, () -> {
        throw new IOException("disk full writing /tmp/x");
      });
      q.submit(STORAGE, () -> {
        throw new IllegalStateException("later");
      });
      ArtifactException e = assertThrows(ArtifactException.class, q::awaitAll);
      assertEquals("transfer failed: java.io.IOException: disk full writing /tmp/x", e.getMessage());
      assertTrue(e.getCause() instanceof IOException);
    }
  }

  @Test
  void closeWaitsForTheTransferInFlightAndDropsTheRest() throws Exception {
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean queuedRan = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    TransferQueue q = new TransferQueue("test");
    q.submit(STORAGE, () -> {
      started.countDown();
      long until = System.nanoTime() + 300_000_000L;
      while (System.nanoTime() < until) {
        Thread.onSpinWait(); // ignores the interrupt, as a transfer in the middle of a write may
      }
      finished.set(true);
    });
    q.submit(STORAGE, () -> queuedRan.set(true));
    started.await();
    q.close();
    assertTrue(finished.get(), "close returned before the transfer in flight ended");
    assertTrue(!queuedRan.get(), "a queued transfer ran after close");
  }
}
