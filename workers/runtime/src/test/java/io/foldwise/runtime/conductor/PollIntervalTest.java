package io.foldwise.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.runtime.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How often an idle worker polls: {@code FOLDWISE_POLL_INTERVAL_MS}, else 200 ms (the client's default is 1 s). */
class PollIntervalTest {
    private static Settings settings() {
        return Settings.load(Map.of("FOLDWISE_PROFILE", "test"), java.nio.file.Path.of("").toAbsolutePath());
    }

    @Test
    void defaultIsShorterThanTheClientsSecond() {
        Settings s = settings().with("FOLDWISE_POLL_INTERVAL_MS", "");
        assertEquals(StageWorker.DEFAULT_POLL_INTERVAL_MS, WorkerService.pollIntervalMs(s));
        StageWorker w = new StageWorker("demo", List.of()) {
            @Override
            protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) {
                return Map.of();
            }
        };
        assertEquals(200, w.getPollingInterval());
        w.attach(null, WorkerIdentity.of(Map.of()), WorkerService.pollIntervalMs(s.with("FOLDWISE_POLL_INTERVAL_MS",
                " 1000 ")));
        assertEquals(1000, w.getPollingInterval());
    }

    @Test
    void aBadValueIsRefusedNamingTheSetting() {
        for (String bad : List.of("5", "fast", "70000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WorkerService.pollIntervalMs(settings().with("FOLDWISE_POLL_INTERVAL_MS", bad)));
            assertEquals("FOLDWISE_POLL_INTERVAL_MS must be a whole number of milliseconds in 10..60000, got '" + bad
                    + "'", e.getMessage());
        }
    }
}
