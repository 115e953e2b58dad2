package io.foldwise.runtime.config;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rides out a server that is away for a while (restarted, upgraded, its host rebooting): a call that could not
 * connect is tried again, with pauses growing from 1 s to 10 s, until it connects or the process's outage window
 * ends, and only then fails. Which failures are tried again depends on the call ({@link Repeat}): a request that could
 * not connect never reached the server, so any call may repeat it; a connection lost mid-call (the server
 * restarting under a kept-alive connection: broken pipe, reset, no response) may have been acted on, so only an
 * {@link Repeat#IDEMPOTENT} call repeats it. Any other failure (an answer, a read timeout), and every failure once
 * the window is over, is thrown unchanged.
 *
 * <p>Worker services open the window ({@value #ENV}, default {@value #WORKER_DEFAULT_SECONDS} s): a task rides
 * out a restart of MinIO or MLflow instead of spending its task definition's retries, which stay for failures
 * that outlast the window. Elsewhere (the CLI) the window is zero, so a stopped stack is reported at once.
 * A task's log in Conductor shows the outage: the worker routes this thread's notices there while it runs a task.
 */
public final class Outage {
    /** The window in whole seconds, 0..3600; 0 turns riding off. */
    public static final String ENV = "FOLDWISE_OUTAGE_SECONDS";
    public static final int WORKER_DEFAULT_SECONDS = 180;
    static final long FIRST_PAUSE_MS = 1_000;
    static final long LONGEST_PAUSE_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);
    private static final ThreadLocal<Consumer<String>> NOTICES = new ThreadLocal<>();
    private static volatile Duration window = Duration.ZERO;

    private Outage() {}

    /** Sets this process's window (worker services do, from {@link #windowOf}). */
    public static void window(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("outage window must not be negative, got " + d);
        }
        window = d;
    }

    public static Duration window() {
        return window;
    }

    /** {@value #ENV} from the settings (0..3600 s), else {@value #WORKER_DEFAULT_SECONDS} s. */
    public static Duration windowOf(Settings s) {
        String text = s.optional(ENV).orElse("").trim();
        if (text.isEmpty()) {
            return Duration.ofSeconds(WORKER_DEFAULT_SECONDS);
        }
        int seconds;
        try {
            seconds = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0 || seconds > 3600) {
            throw new IllegalArgumentException(ENV + " must be a whole number of seconds in 0..3600 (0 turns riding out "
                    + "outages off), got '" + text + "'");
        }
        return Duration.ofSeconds(seconds);
    }

    /** Sends this thread's outage notices to {@code sink} (besides the worker log) until the result is closed. */
    public static Notices noticesTo(Consumer<String> sink) {
        Consumer<String> before = NOTICES.get();
        NOTICES.set(sink);
        return () -> {
            if (before == null) {
                NOTICES.remove();
            } else {
                NOTICES.set(before);
            }
        };
    }

    /** Closing restores the notice sink there was before. */
    public interface Notices extends AutoCloseable {
        @Override
        void close();
    }

    /** What may be repeated after a failure. */
    public enum Repeat {
        /** Doing it twice is doing it once (reads, puts of the same bytes, tags): repeated after any lost connection. */
        IDEMPOTENT,
        /** Doing it twice may do it twice (creating a run): repeated only when it could not connect. */
        UNLESS_SENT
    }

    /** Runs {@code call}; while {@code service} at {@code endpoint} is away, waits and tries again. */
    public static <T> T ride(String service, String endpoint, Repeat repeat, Supplier<T> call) {
        return ride(service, endpoint, repeat, call, window, System::nanoTime, Outage::sleep);
    }

    /** Pauses between attempts (a test drives it without sleeping). */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    static <T> T ride(String service, String endpoint, Repeat repeat, Supplier<T> call, Duration window,
            LongSupplier nanoClock, Sleeper sleeper) {
        long started = -1;
        long pause = FIRST_PAUSE_MS;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                T value = call.get();
                if (started >= 0) {
                    notice(String.format(java.util.Locale.ROOT, "%s at %s is back after %.0f s (%d attempts)", service,
                            endpoint, (nanoClock.getAsLong() - started) / 1e9, attempts));
                }
                return value;
            } catch (RuntimeException e) {
                if (window.isZero() || !(repeat == Repeat.IDEMPOTENT ? lostConnection(e) : couldNotConnect(e))) {
                    throw e;
                }
                long now = nanoClock.getAsLong();
                if (started < 0) {
                    started = now;
                    notice(service + " at " + endpoint + " is away (" + reason(e) + "): trying again for up to "
                            + window.toSeconds() + " s (" + ENV + ")");
                }
                long left = started + window.toNanos() - now;
                if (left <= 0) {
                    notice(service + " at " + endpoint + " still away after " + window.toSeconds() + " s; giving up");
                    throw e;
                }
                try {
                    sleeper.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
            }
        }
    }

    /** Whether the failure is (caused by) not reaching the server at all: refused, no route, connect timed out. */
    public static boolean couldNotConnect(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is (caused by) not reaching the server or losing the connection to it before its answer:
     * {@link #couldNotConnect}, a socket error (broken pipe, reset), an end of stream, no response.
     */
    public static boolean lostConnection(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SocketException || t instanceof EOFException || t instanceof HttpConnectTimeoutException
                    || t.getClass().getSimpleName().equals("NoHttpResponseException")) { // Apache's, in the MLflow client
                return true;
            }
            String m = t.getMessage();
            if (t instanceof IOException && m != null && (m.startsWith("unexpected end of stream") // OkHttp's, in MinIO's
                    || m.contains("received no bytes") || m.equals("Connection closed"))) { // the JDK HttpClient's
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static void notice(String line) {
        Consumer<String> sink = NOTICES.get();
        if (sink == null) {
            LOG.warn(line);
            return;
        }
        try {
            sink.accept(line); // a task's log, which also writes the worker log
        } catch (RuntimeException e) {
            LOG.warn(line);
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
