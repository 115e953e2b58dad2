package io.foldwise.runtime.testing;

import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.config.StackUnavailableException;
import io.foldwise.runtime.config.ServiceCheck;
import io.foldwise.runtime.conductor.Conductor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The stack the tests run against: profile {@code FOLDWISE_PROFILE}, else {@code test} (started by
 * {@code ./foldwise test}). {@link #settings()} FAILS (never skips) with a message saying how to start it when a
 * service does not answer. Shared with other modules through this module's test-jar.
 */
public final class TestStack {
    private static volatile Settings cached;

    private TestStack() {}

    /** Settings of the test stack, after checking Conductor, MinIO and MLflow answer their health URLs. */
    public static Settings settings() {
        Settings s = cached;
        if (s == null) {
            s = load();
            try {
                ServiceCheck.require("Conductor", Conductor.healthUrl(s), s);
                ServiceCheck.require("MinIO", s.minioEndpoint() + "/minio/health/live", s);
                ServiceCheck.require("MLflow", s.mlflowUrl() + "/health", s);
            } catch (StackUnavailableException e) {
                throw new AssertionError("the test stack is not up; run the tests with ./foldwise test (it starts "
                        + "and stops the stack) or start it with ./foldwise stack up --profile " + s.profile() + ": "
                        + e.getMessage(), e);
            }
            cached = s;
        }
        return s;
    }

    /** Settings of the test profile without checking any server (for tests of failure cases). */
    public static Settings load() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent(Settings.PROFILE, "test");
        return Settings.load(env, Path.of("").toAbsolutePath());
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
