package io.foldwise.runtime.conductor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a task's time went inside its worker: the whole {@code run}, and the part spent waiting on the artifact store
 * (MinIO), on tracking (MLflow) and on sending progress lines to the task's log in Conductor. The rest is the stage's own compute. {@link StageWorker} starts one clock per task
 * on the thread that runs it; the artifact store and tracking clients wrap their calls in {@link #time}. Calls made on other
 * threads are not seen (they count as compute), and a call inside another timed call counts once, for the outer part.
 */
public final class TaskClock {
    /** What a timed call waits on. */
    public enum Part {
        STORAGE("storageMs"),
        TRACKING("trackingMs"),
        /** Progress lines sent to the task's log in Conductor while it runs. */
        TASK_LOG("taskLogMs");

        final String key;

        Part(String key) {
            this.key = key;
        }
    }

    /** The task output key holding {@link #toMap}. */
    public static final String OUTPUT_KEY = "timing";

    private static final ThreadLocal<TaskClock> CURRENT = new ThreadLocal<>();
    private static final Section NONE = () -> {};

    private final long started = System.nanoTime();
    private final long[] nanos = new long[Part.values().length];
    private int depth;
    private long stopped = -1;

    private TaskClock() {}

    /** Starts the clock of the task this thread runs (replacing any earlier one). */
    static TaskClock start() {
        TaskClock clock = new TaskClock();
        CURRENT.set(clock);
        return clock;
    }

    /** Stops it: later timed calls on this thread are not counted. */
    void stop() {
        if (stopped < 0) {
            stopped = System.nanoTime();
        }
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    /** Times a call on this thread until the returned section is closed; a no-op outside a task. */
    public static Section time(Part part) {
        TaskClock clock = CURRENT.get();
        if (clock == null) {
            return NONE;
        }
        if (clock.depth++ > 0) {
            return () -> clock.depth--;
        }
        long t0 = System.nanoTime();
        return () -> {
            clock.depth--;
            clock.nanos[part.ordinal()] += System.nanoTime() - t0;
        };
    }

    /** Milliseconds spent in {@code part} so far. */
    public long millis(Part part) {
        return nanos[part.ordinal()] / 1_000_000;
    }

    /** Milliseconds from start to stop (or to now). */
    public long runMillis() {
        return ((stopped < 0 ? System.nanoTime() : stopped) - started) / 1_000_000;
    }

    /** {@code runMs}, {@code storageMs}, {@code trackingMs}, {@code taskLogMs}, {@code computeMs} (= run minus the waits). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        long run = runMillis();
        long waits = 0;
        m.put("runMs", run);
        for (Part p : Part.values()) {
            m.put(p.key, millis(p));
            waits += millis(p);
        }
        m.put("computeMs", Math.max(0, run - waits));
        return m;
    }

    /** A timed call; closing it ends the timing. */
    @FunctionalInterface
    public interface Section extends AutoCloseable {
        @Override
        void close();
    }
}
