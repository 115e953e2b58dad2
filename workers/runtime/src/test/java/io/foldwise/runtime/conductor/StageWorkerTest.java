package io.foldwise.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template's mapping of outcomes to task results, without a server. */
class StageWorkerTest {
    private static Task task(Map<String, Object> input) {
        Task t = new Task();
        t.setTaskId("t-1");
        t.setTaskDefName("demo");
        t.setWorkflowInstanceId("w-1");
        t.setInputData(input);
        t.setStatus(Task.Status.IN_PROGRESS);
        return t;
    }

    private static StageWorker worker(StageBody body) {
        return new StageWorker("demo", List.of("n")) {
            @Override
            protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception {
                return body.run(input, ctx);
            }
        };
    }

    interface StageBody {
        Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception;
    }

    @Test
    void returnedOutputCompletesTheTaskWithLogLines() {
        TaskResult r = worker((in, ctx) -> {
            ctx.log("working on " + ctx.workflowId());
            return Map.of("uri", "s3://b/k", "n", in.get("n"));
        }).execute(task(Map.of("n", 3)));
        assertEquals(TaskResult.Status.COMPLETED, r.getStatus());
        Map<String, Object> out = new java.util.HashMap<>(r.getOutputData());
        @SuppressWarnings("unchecked")
        Map<String, Object> timing = (Map<String, Object>) out.remove(TaskClock.OUTPUT_KEY);
        assertEquals(Map.of("uri", "s3://b/k", "n", 3), out);
        assertEquals(List.of("runMs", "storageMs", "trackingMs", "taskLogMs", "computeMs"), List.copyOf(timing.keySet()));
        assertEquals((Long) timing.get("runMs"), (Long) timing.get("computeMs"), "no storage, tracking or live log call here");
        assertEquals(List.of("working on w-1"), r.getLogs().stream().map(l -> l.getLog()).toList());
        assertEquals("demo", worker((in, ctx) -> Map.of()).getTaskDefName());
        // the client's own lease extension is off (never cancelled in client 4.0.10); StageWorker keeps the lease
        assertFalse(worker((in, ctx) -> Map.of()).leaseExtendEnabled());
    }

    @Test
    void invalidInputIsTerminalWithItsMessage() {
        TaskResult r = worker((in, ctx) -> {
            throw new InvalidInputException("input 'folds' must be >= 2, got 1");
        }).execute(task(Map.of()));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, r.getStatus());
        assertEquals("input 'folds' must be >= 2, got 1", r.getReasonForIncompletion());
    }

    @Test
    void anyOtherFailureIsRetryable() {
        TaskResult r = worker((in, ctx) -> {
            throw new IOException("disk full");
        }).execute(task(Map.of()));
        assertEquals(TaskResult.Status.FAILED, r.getStatus());
        assertEquals("IOException: disk full", r.getReasonForIncompletion());
    }

    @Test
    void largeOutputIsRefused() {
        TaskResult r = worker((in, ctx) -> Map.of("blob", "x".repeat(70_000))).execute(task(Map.of()));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, r.getStatus());
        assertEquals("demo: output is 70011 bytes, over the 65536-byte limit: store large data in the artifact store "
                + "and return its URI", r.getReasonForIncompletion());
    }

    @Test
    void readingAnUndeclaredInputFailsTheTaskTerminallyNamingIt() {
        TaskResult r = worker((in, ctx) -> Map.of("m", String.valueOf(in.get("m")))).execute(task(Map.of("m", 1)));
        assertEquals(TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, r.getStatus());
        assertEquals("demo read task input 'm', which it does not declare [n]: add it to the worker's INPUTS and to "
                + "definitions/", r.getReasonForIncompletion());
        assertEquals(List.of("n"), worker((in, ctx) -> Map.of()).inputs());
    }
}
