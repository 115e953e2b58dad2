package io.foldwise.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Host tag and worker id of a worker process: settings first, else the machine's name and the process id. */
class WorkerIdentityTest {
    @Test
    void settingsNameTheHostAndTheWorker() {
        WorkerIdentity who = WorkerIdentity.of(Map.of(WorkerIdentity.HOST, "gpu-box-2", WorkerIdentity.ID,
                "gpu-box-2/train-1"));
        assertEquals(new WorkerIdentity("gpu-box-2", "gpu-box-2/train-1"), who);
    }

    @Test
    void withoutSettingsTheHostIsTheMachineNameAndTheIdAddsTheProcessId() {
        WorkerIdentity who = WorkerIdentity.of(Map.of());
        assertEquals(WorkerIdentity.machineName(), who.host());
        assertFalse(who.host().isBlank());
        assertEquals(who.host() + "/" + ProcessHandle.current().pid(), who.id());
        WorkerIdentity hostOnly = WorkerIdentity.of(Map.of(WorkerIdentity.HOST, " lab-7 "));
        assertEquals("lab-7/" + ProcessHandle.current().pid(), hostOnly.id());
    }

    @Test
    void aBadValueIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerIdentity.of(Map.of(WorkerIdentity.ID, "two words")));
        assertEquals("FOLDWISE_WORKER_ID must be 1 to 200 of the characters A-Z a-z 0-9 . _ : @ / -, got 'two words'; "
                + "set it in the environment or the profile's stack/<profile>.env", e.getMessage());
    }

    @Test
    void aStageWorkerPollsWithItsIdentity() {
        StageWorker w = new StageWorker("demo", List.of()) {
            @Override
            protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) {
                return Map.of();
            }
        };
        w.attach(null, new WorkerIdentity("host-b", "host-b/demo"), StageWorker.DEFAULT_POLL_INTERVAL_MS);
        assertEquals("host-b/demo", w.getIdentity());
        assertEquals(new WorkerIdentity("host-b", "host-b/demo"), w.identity());
    }
}
