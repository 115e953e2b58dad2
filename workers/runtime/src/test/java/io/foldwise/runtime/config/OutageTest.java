package io.foldwise.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The retry rule on a simulated clock (the real servers going away are in TrackingTest and ArtifactStoreTest). */
class OutageTest {
    /** A clock that only moves when the rider sleeps. */
    private static final class Clock {
        long nanos = 5_000_000_000L;
        final List<Long> pauses = new ArrayList<>();

        void sleep(long ms) {
            pauses.add(ms);
            nanos += ms * 1_000_000L;
        }
    }

    private static RuntimeException refused() {
        return new UncheckedIOException(new ConnectException("Connection refused"));
    }

    /** Fails to connect {@code failures} times, then answers. */
    private static Supplier<String> awayFor(int failures, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw refused();
            }
            return "answer";
        };
    }

    @Test
    void aServerBackWithinTheWindowAnswersAndTheOutageIsReported() {
        Clock clock = new Clock();
        AtomicInteger calls = new AtomicInteger();
        List<String> notices = new ArrayList<>();
        String answer;
        try (Outage.Notices n = Outage.noticesTo(notices::add)) {
            answer = Outage.ride("MLflow", "http://127.0.0.1:1", Outage.Repeat.UNLESS_SENT, awayFor(6, calls),
                    Duration.ofSeconds(60), () -> clock.nanos, clock::sleep);
        }
        assertEquals("answer", answer);
        assertEquals(7, calls.get());
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 10000L, 10000L), clock.pauses, "pauses double up to 10 s");
        assertEquals(List.of("MLflow at http://127.0.0.1:1 is away (ConnectException: Connection refused): trying again "
                + "for up to 60 s (FOLDWISE_OUTAGE_SECONDS)", "MLflow at http://127.0.0.1:1 is back after 35 s (7 attempts)"),
                notices);
    }

    @Test
    void aServerAwayLongerThanTheWindowFailsWithItsOwnErrorWhenTheWindowEnds() {
        Clock clock = new Clock();
        AtomicInteger calls = new AtomicInteger();
        List<String> notices = new ArrayList<>();
        RuntimeException e;
        try (Outage.Notices n = Outage.noticesTo(notices::add)) {
            e = assertThrows(UncheckedIOException.class, () -> Outage.ride("MinIO", "http://127.0.0.1:2",
                    Outage.Repeat.IDEMPOTENT, awayFor(Integer.MAX_VALUE, calls), Duration.ofSeconds(30),
                    () -> clock.nanos, clock::sleep));
        }
        assertTrue(e.getCause() instanceof ConnectException);
        assertEquals(30_000L, clock.pauses.stream().mapToLong(Long::longValue).sum(), "waits exactly the window");
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 10000L, 5000L), clock.pauses);
        assertEquals("MinIO at http://127.0.0.1:2 still away after 30 s; giving up", notices.get(notices.size() - 1));
    }

    @Test
    void otherFailuresAndAZeroWindowFailAtOnce() {
        Clock clock = new Clock();
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException answered = new IllegalStateException("HTTP 500: the server answered");
        assertSame(answered, assertThrows(IllegalStateException.class, () -> Outage.ride("MLflow", "u",
                Outage.Repeat.IDEMPOTENT, () -> {
            calls.incrementAndGet();
            throw answered;
        }, Duration.ofSeconds(60), () -> clock.nanos, clock::sleep)));
        // a read timeout may have reached the server: not repeated
        assertThrows(UncheckedIOException.class, () -> Outage.ride("MLflow", "u", Outage.Repeat.IDEMPOTENT,
                () -> {
            calls.incrementAndGet();
            throw new UncheckedIOException(new SocketTimeoutException("Read timed out"));
        }, Duration.ofSeconds(60), () -> clock.nanos, clock::sleep));
        AtomicInteger zero = new AtomicInteger();
        assertThrows(UncheckedIOException.class, () -> Outage.ride("MLflow", "u", Outage.Repeat.IDEMPOTENT,
                awayFor(1, zero), Duration.ZERO, () -> clock.nanos, clock::sleep));
        assertEquals(2, calls.get(), "one attempt each");
        assertEquals(1, zero.get(), "no riding with the window closed");
        assertEquals(List.of(), clock.pauses);
    }

    @Test
    void notConnectingIsFoundAnywhereInTheCauseChain() {
        class HostConnect extends ConnectException { // as Apache's HttpHostConnectException inside the MLflow client
            HostConnect() {
                super("Connect to 127.0.0.1:15000 failed: Connection refused");
            }
        }
        RuntimeException wrapped = new RuntimeException("MLflow client failed", new RuntimeException(new HostConnect()));
        assertTrue(Outage.couldNotConnect(wrapped));
        assertTrue(Outage.couldNotConnect(new java.net.NoRouteToHostException()));
        assertTrue(Outage.couldNotConnect(new RuntimeException(new java.net.http.HttpConnectTimeoutException("slow"))));
        RuntimeException cyclic = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", cyclic);
        cyclic.initCause(other);
        assertFalse(Outage.couldNotConnect(cyclic));
        assertFalse(Outage.couldNotConnect(new RuntimeException(new SocketTimeoutException())));
    }

    @Test
    void aLostConnectionIsRepeatedOnlyForIdempotentCalls() {
        Clock clock = new Clock();
        List<RuntimeException> lost = List.of(
                new UncheckedIOException(new java.net.SocketException("Broken pipe")),
                new UncheckedIOException(new java.io.EOFException("EOF reached while reading")),
                new UncheckedIOException(new java.io.IOException("unexpected end of stream on http://127.0.0.1:9000/...")),
                new RuntimeException(new NoHttpResponseException()));
        for (RuntimeException failure : lost) {
            AtomicInteger calls = new AtomicInteger();
            Supplier<String> once = () -> {
                if (calls.incrementAndGet() == 1) {
                    throw failure;
                }
                return "answer";
            };
            assertEquals("answer", Outage.ride("S", "e", Outage.Repeat.IDEMPOTENT, once, Duration.ofSeconds(5),
                    () -> clock.nanos, clock::sleep), failure.toString());
            calls.set(0);
            assertSame(failure, assertThrows(RuntimeException.class, () -> Outage.ride("S", "e",
                    Outage.Repeat.UNLESS_SENT, once, Duration.ofSeconds(5), () -> clock.nanos, clock::sleep)));
            assertEquals(1, calls.get(), "a call that may have been sent is not repeated: " + failure);
        }
    }

    /** Named as Apache HttpClient's, which the MLflow client shades under another package. */
    private static final class NoHttpResponseException extends java.io.IOException {
        NoHttpResponseException() {
            super("127.0.0.1:15000 failed to respond");
        }
    }

    @Test
    void theWindowComesFromTheSettingsWithANamedError() {
        Path here = Path.of(".");
        assertEquals(Duration.ofSeconds(Outage.WORKER_DEFAULT_SECONDS), Outage.windowOf(Settings.load(Map.of(), here)));
        assertEquals(Duration.ZERO, Outage.windowOf(Settings.load(Map.of(Outage.ENV, "0"), here)));
        assertEquals(Duration.ofSeconds(600), Outage.windowOf(Settings.load(Map.of(Outage.ENV, " 600 "), here)));
        for (String bad : List.of("3601", "-1", "two minutes")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Outage.windowOf(Settings.load(Map.of(Outage.ENV, bad), here)));
            assertEquals("FOLDWISE_OUTAGE_SECONDS must be a whole number of seconds in 0..3600 (0 turns riding out "
                    + "outages off), got '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void noticesGoBackToTheEarlierSinkWhenClosed() {
        List<String> outer = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        Clock clock = new Clock();
        try (Outage.Notices a = Outage.noticesTo(outer::add)) {
            try (Outage.Notices b = Outage.noticesTo(inner::add)) {
                Outage.ride("S", "e", Outage.Repeat.IDEMPOTENT, awayFor(1, new AtomicInteger()), Duration.ofSeconds(5),
                        () -> clock.nanos, clock::sleep);
            }
            Outage.ride("S", "e", Outage.Repeat.IDEMPOTENT, awayFor(1, new AtomicInteger()), Duration.ofSeconds(5),
                    () -> clock.nanos, clock::sleep);
        }
        assertEquals(2, inner.size());
        assertEquals(2, outer.size());
    }
}
