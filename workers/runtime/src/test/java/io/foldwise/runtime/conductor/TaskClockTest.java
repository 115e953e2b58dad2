package io.foldwise.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.artifact.TransferQueue;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskClockTest {

    private static void busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void splitsRunIntoStorageTrackingAndCompute() {
        TaskClock clock = TaskClock.start();
        busy(30); // compute
        try (TaskClock.Section s = TaskClock.time(TaskClock.Part.STORAGE)) {
            busy(40);
            try (TaskClock.Section inner = TaskClock.time(TaskClock.Part.TRACKING)) {
                busy(200); // nested: counted once, for the outer part
            }
        }
        try (TaskClock.Section s = TaskClock.time(TaskClock.Part.TRACKING)) {
            busy(25);
        }
        clock.stop();
        Map<String, Object> m = clock.toMap();
        long run = (Long) m.get("runMs");
        long storage = (Long) m.get("storageMs");
        long tracking = (Long) m.get("trackingMs");
        long compute = (Long) m.get("computeMs");
        // lower bounds only, and a nested section long enough that counting it for the wrong part cannot hide in
        // scheduling noise: a loaded machine can only make each part longer
        assertTrue(storage >= 240, "storage " + storage + " (the outer 40 ms and the nested 200 ms)");
        assertTrue(tracking >= 25 && tracking < 225, "tracking " + tracking + " (the nested 200 ms went to storage)");
        assertTrue(compute >= 30, "compute " + compute);
        assertEquals(run, storage + tracking + compute);
        // after stop, nothing more is counted on this thread
        try (TaskClock.Section s = TaskClock.time(TaskClock.Part.STORAGE)) {
            busy(15);
        }
        assertEquals(storage, clock.millis(TaskClock.Part.STORAGE));
        assertEquals(run, clock.runMillis());
    }

    @Test
    void callsOnOtherThreadsAndOutsideTasksAreNotCounted() throws Exception {
        TaskClock clock = TaskClock.start();
        AtomicLong done = new AtomicLong();
        Thread other = new Thread(() -> {
            try (TaskClock.Section s = TaskClock.time(TaskClock.Part.STORAGE)) {
                busy(30);
                done.set(1);
            }
        });
        other.start();
        other.join();
        clock.stop();
        assertEquals(1, done.get());
        assertEquals(0, clock.millis(TaskClock.Part.STORAGE));
        // no clock on this thread now: a timed call is a no-op and does not throw
        try (TaskClock.Section s = TaskClock.time(TaskClock.Part.TRACKING)) {
            busy(1);
        }
        assertEquals(0, clock.millis(TaskClock.Part.TRACKING));
    }

    @Test
    void waitsOnQueuedTransfersCountAsWhatEachTransferWaitsOn() {
        TaskClock clock = TaskClock.start();
        try (TransferQueue q = new TransferQueue("clock")) {
            q.submit(TaskClock.Part.STORAGE, () -> busy(60));
            var mlflow = q.submit(TaskClock.Part.TRACKING, () -> busy(40));
            q.await(mlflow); // in order: the storage transfer first, then the tracking one
            q.submit(TaskClock.Part.TRACKING, () -> busy(30));
            q.submit(TaskClock.Part.STORAGE, () -> busy(50));
            q.awaitAll();
        }
        clock.stop();
        long storage = clock.millis(TaskClock.Part.STORAGE);
        long tracking = clock.millis(TaskClock.Part.TRACKING);
        // await(mlflow) waited through both first transfers and counts as tracking: the queue runs in order, and a
        // wait is given to the transfer it names; awaitAll gives each wait to its own transfer
        // had each wait been given to the transfer that happened to run, tracking would be about 70 and storage 110
        assertTrue(tracking >= 100, "tracking " + tracking);
        assertTrue(storage >= 10, "storage " + storage);
        assertTrue(storage + tracking <= clock.runMillis());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (TransferQueue a = new TransferQueue("a"); TransferQueue b = new TransferQueue("b")) {
                b.await(a.submit(TaskClock.Part.STORAGE, () -> { }));
            }
        });
        assertTrue(e.getMessage().startsWith("not a transfer of this queue: "), e.getMessage());
    }
}
