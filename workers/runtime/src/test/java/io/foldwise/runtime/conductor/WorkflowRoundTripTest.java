package io.foldwise.runtime.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.MetadataClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.config.StackUnavailableException;
import io.foldwise.runtime.testing.TestStack;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A one-task workflow run by a real worker on the test stack's Conductor, read back through Conductor's API. */
class WorkflowRoundTripTest {
    static final String TASK = "foldwise_it_sum";
    static final String WORKFLOW = "foldwise_it_one_task";
    static final String SLOW_TASK = "foldwise_it_slow";
    static final String SLOW_WORKFLOW = "foldwise_it_slow_task";
    static final String TASK_DEFS = """
            [{"name": "foldwise_it_sum", "retryCount": 1, "retryLogic": "FIXED", "retryDelaySeconds": 0,
              "timeoutSeconds": 120, "responseTimeoutSeconds": 60, "ownerEmail": "it@foldwise.invalid"},
             {"name": "foldwise_it_slow", "retryCount": 0, "timeoutSeconds": 120, "responseTimeoutSeconds": 8,
              "ownerEmail": "it@foldwise.invalid"}]
            """;
    static final String SLOW_WORKFLOW_DEF = """
            {"name": "foldwise_it_slow_task", "version": 1, "schemaVersion": 2, "ownerEmail": "it@foldwise.invalid",
             "tasks": [{"name": "foldwise_it_slow", "taskReferenceName": "slow", "type": "SIMPLE",
                        "inputParameters": {"millis": "${workflow.input.millis}"}}],
             "outputParameters": {"slept": "${slow.output.slept}"}}
            """;
    static final String WORKFLOW_DEF = """
            {"name": "foldwise_it_one_task", "version": 1, "schemaVersion": 2, "ownerEmail": "it@foldwise.invalid",
             "tasks": [{"name": "foldwise_it_sum", "taskReferenceName": "sum", "type": "SIMPLE",
                        "inputParameters": {"numbers": "${workflow.input.numbers}",
                                            "failAttempts": "${workflow.input.failAttempts}"}}],
             "outputParameters": {"sum": "${sum.output.sum}"}}
            """;

    /** Adds numbers; fails (retryably) on its first {@code failAttempts} attempts; rejects a missing list. */
    static final class SumWorker extends StageWorker {
        SumWorker() {
            super(TASK, List.of("numbers", "failAttempts"));
        }

        @Override
        protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) {
            if (!(input.get("numbers") instanceof List<?> numbers)) {
                throw new InvalidInputException("input 'numbers' must be a list of numbers, got " + input.get("numbers"));
            }
            Object fail = input.get("failAttempts");
            if (fail instanceof Number n && ctx.retryCount() < n.intValue()) {
                throw new IllegalStateException("simulated failure on attempt " + ctx.retryCount());
            }
            ctx.log("adding " + numbers.size() + " numbers");
            ctx.log("on host " + ctx.host() + " as worker " + ctx.workerId());
            long sum = 0;
            for (Object o : numbers) {
                sum += ((Number) o).longValue();
            }
            return Map.of("sum", sum);
        }
    }

    /** Works longer than its task definition's responseTimeoutSeconds; only lease extension keeps it alive. */
    static final class SlowWorker extends StageWorker {
        /** {@link StageWorker#leasesHeld} as the last task started. */
        static final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

        SlowWorker() {
            super(SLOW_TASK, List.of("millis"));
        }

        @Override
        protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws InterruptedException {
            long millis = ((Number) input.get("millis")).longValue();
            held.set(StageWorker.leasesHeld());
            Thread.sleep(millis);
            return Map.of("slept", millis);
        }
    }

    private static Settings settings;
    private static ConductorClient client;
    private static WorkerService workers;

    @BeforeAll
    static void registerAndStartWorker() {
        settings = TestStack.settings();
        client = Conductor.client(settings);
        List<TaskDef> taskDefs = Definitions.loadTaskDefs(stream(TASK_DEFS));
        List<WorkflowDef> workflows = new java.util.ArrayList<>(Definitions.loadWorkflowDefs(stream(WORKFLOW_DEF)));
        workflows.addAll(Definitions.loadWorkflowDefs(stream(SLOW_WORKFLOW_DEF)));
        Definitions.registerAll(client, taskDefs, workflows);
        Definitions.registerAll(client, taskDefs, workflows); // upsert: a second registration is fine
        workers = WorkerService.start(settings.with(WorkerIdentity.HOST, "it-host-a")
                .with(WorkerIdentity.ID, "it-host-a/round-trip"), List.of(new SumWorker(), new SlowWorker()), 2);
    }

    @AfterAll
    static void stopWorker() {
        if (workers != null) {
            workers.close();
        }
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Workflow runToEnd(Map<String, Object> input) throws InterruptedException {
        return runToEnd(WORKFLOW, input);
    }

    private static Workflow runToEnd(String workflow, Map<String, Object> input) throws InterruptedException {
        WorkflowClient wf = new WorkflowClient(client);
        String id = wf.startWorkflow(new StartWorkflowRequest().withName(workflow).withVersion(1)
                .withCorrelationId("it-" + UUID.randomUUID()).withInput(input));
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            Workflow w = wf.getWorkflow(id, true);
            if (w.getStatus().isTerminal()) {
                return w;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("workflow " + id + " did not finish within 90 s: " + wf.getWorkflow(id, true).getStatus());
    }

    @Test
    void definitionsAreStoredOnTheServer() {
        MetadataClient metadata = new MetadataClient(client);
        assertEquals(1, metadata.getTaskDef(TASK).getRetryCount());
        assertEquals("sum", metadata.getWorkflowDef(WORKFLOW, 1).getTasks().get(0).getTaskReferenceName());
    }

    @Test
    void oneTaskWorkflowCompletesWithTheWorkersOutputAndLog() throws Exception {
        Workflow w = runToEnd(Map.of("numbers", List.of(1, 2, 3, 4)));
        assertEquals(Workflow.WorkflowStatus.COMPLETED, w.getStatus());
        assertEquals(10, ((Number) w.getOutput().get("sum")).intValue());
        assertEquals(1, w.getTasks().size());
        Task t = w.getTasks().get(0);
        assertEquals(Task.Status.COMPLETED, t.getStatus());
        List<String> logs = new TaskClient(client).getTaskLogs(t.getTaskId()).stream().map(l -> l.getLog()).toList();
        assertTrue(logs.contains("adding 4 numbers"), logs.toString());
        // Conductor records who polled the task: the worker id of FOLDWISE_WORKER_ID, which the worker also sees
        assertEquals("it-host-a/round-trip", t.getWorkerId());
        assertTrue(logs.contains("on host it-host-a as worker it-host-a/round-trip"), logs.toString());
    }

    @Test
    void invalidInputFailsTerminallyWithoutRetry() throws Exception {
        Workflow w = runToEnd(Map.of("numbers", "seven"));
        assertEquals(Workflow.WorkflowStatus.FAILED, w.getStatus());
        assertEquals(1, w.getTasks().size(), "no retry after a terminal error");
        Task t = w.getTasks().get(0);
        assertEquals(Task.Status.FAILED_WITH_TERMINAL_ERROR, t.getStatus());
        assertEquals("input 'numbers' must be a list of numbers, got seven", t.getReasonForIncompletion());
    }

    @Test
    void otherFailuresAreRetriedPerTheTaskDefinition() throws Exception {
        Workflow w = runToEnd(Map.of("numbers", List.of(5, 6), "failAttempts", 1));
        assertEquals(Workflow.WorkflowStatus.COMPLETED, w.getStatus());
        assertEquals(List.of(Task.Status.FAILED, Task.Status.COMPLETED), w.getTasks().stream().map(Task::getStatus).toList());
        assertEquals("IllegalStateException: simulated failure on attempt 0", w.getTasks().get(0).getReasonForIncompletion());
        assertEquals(11, ((Number) w.getOutput().get("sum")).intValue());
    }

    @Test
    void leaseExtensionKeepsATaskAlivePastItsResponseTimeout() throws Exception {
        SlowWorker.held.set(-1);
        Workflow w = runToEnd(SLOW_WORKFLOW, Map.of("millis", 20_000)); // 2.5x responseTimeoutSeconds
        assertEquals(Workflow.WorkflowStatus.COMPLETED, w.getStatus(), String.valueOf(w.getReasonForIncompletion()));
        assertEquals(1, w.getTasks().size(), "the first attempt completed; it never timed out");
        assertEquals(20_000, ((Number) w.getOutput().get("slept")).intValue());
        assertTrue(SlowWorker.held.get() >= 1, "a lease was held while the task ran: " + SlowWorker.held.get());
        // and stopped when it ended (the Conductor client's own kept waking up for the worker's life)
        assertEquals(0, StageWorker.leasesHeld());
    }

    @Test
    void badDefinitionJsonIsRejectedClearly() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Definitions.loadTaskDefs(stream("[{")));
        assertTrue(e.getMessage().startsWith("cannot parse task definition JSON: "), e.getMessage());
        IllegalArgumentException notObject = assertThrows(IllegalArgumentException.class,
                () -> Definitions.loadWorkflowDefs(stream("42")));
        assertEquals("expected a workflow definition JSON object or array, got NUMBER", notObject.getMessage());
    }

    @Test
    void serverDownSaysWhichAndHowToStartIt() {
        int port = TestStack.freePort();
        StackUnavailableException e = assertThrows(StackUnavailableException.class,
                () -> Conductor.client(settings.with("FOLDWISE_CONDUCTOR_PORT", Integer.toString(port))));
        assertEquals("Conductor at http://127.0.0.1:" + port + "/health is not reachable (profile " + settings.profile()
                + "): start the stack with ./foldwise stack up --profile " + settings.profile()
                + " and see ./foldwise stack status --profile " + settings.profile() + " for its log", e.getMessage());
    }
}
