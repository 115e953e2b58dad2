package io.foldwise.runtime.conductor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.config.ObjectMapperProvider;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import io.foldwise.runtime.config.Outage;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Template for one Conductor task type. Subclasses implement {@link #run}; the template turns the outcome
 * into a task result: a returned map → COMPLETED with that output; {@link InvalidInputException} →
 * FAILED_WITH_TERMINAL_ERROR with its message (no retry); any other exception → FAILED (retried per the task
 * definition) with "ExceptionClass: message". Outputs must stay small (URIs and scalars): more than
 * {@link #MAX_OUTPUT_BYTES} of JSON fails the task terminally. A completed task's output also holds {@code timing}
 * ({@link TaskClock#toMap}): where its time went inside the worker, for {@code ./foldwise timing}.
 */
public abstract class StageWorker implements Worker {
    public static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(StageWorker.class);
    private static final ObjectMapper JSON = new ObjectMapperProvider().getObjectMapper();
    /** Runs the lease extensions of this process's tasks; a stopped one leaves its queue at once. */
    private static final ScheduledThreadPoolExecutor LEASES = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "foldwise-lease");
        t.setDaemon(true);
        return t;
    });

    static {
        LEASES.setRemoveOnCancelPolicy(true);
    }

    private final String taskDefName;
    private final List<String> inputs;
    private volatile TaskClient liveLog;
    private volatile WorkerIdentity identity;
    private volatile int pollIntervalMs = DEFAULT_POLL_INTERVAL_MS;

    /**
     * How long an idle worker waits between polls. The Conductor client's default is 1000 ms, about half a second of
     * idle wait per task on average; 200 ms costs a poll per task type five times a second on loopback.
     */
    public static final int DEFAULT_POLL_INTERVAL_MS = 200;

    /**
     * @param inputs the task inputs {@link #run} reads: exactly the task definition's {@code inputKeys} and the
     *     workflow task's {@code inputParameters} (a test checks both). Reading another key is a bug, and fails
     *     the task with a message naming it.
     */
    protected StageWorker(String taskDefName, List<String> inputs) {
        this.taskDefName = Objects.requireNonNull(taskDefName, "taskDefName == null");
        this.inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs == null"));
    }

    /** The task inputs this worker reads. */
    public final List<String> inputs() {
        return inputs;
    }

    /** The stage's work: read the input, write artifacts, return a small output map. */
    protected abstract Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception;

    @Override
    public final String getTaskDefName() {
        return taskDefName;
    }

    /**
     * Off for the Conductor client's runner: its lease extension (client 4.0.10) is never cancelled when the task ends,
     * so every finished task left a job behind that woke up every {@code 0.8 x responseTimeoutSeconds} for the
     * worker's life, logging "its lease extend was not cancelled" (thousands of lines a day in the train worker's log).
     * {@link #execute} keeps the lease itself instead and stops when the task ends.
     */
    @Override
    public boolean leaseExtendEnabled() {
        return false;
    }

    /**
     * Lease extensions waiting for their next turn, over all workers of this process: one per running task that has a
     * response timeout (not counting one being sent at this moment), 0 when no task runs.
     */
    static int leasesHeld() {
        return LEASES.getQueue().size();
    }

    /**
     * While the task runs, tells Conductor every {@code 0.8 x responseTimeoutSeconds} (as the client would) that it is
     * still being worked on, so a long task is not timed out and rescheduled; null if nothing needs extending.
     */
    private ScheduledFuture<?> keepLease(Task task) {
        TaskClient client = liveLog;
        if (client == null || task.getResponseTimeoutSeconds() <= 0) {
            return null;
        }
        long every = Math.max(1, Math.round(task.getResponseTimeoutSeconds() * 0.8));
        return LEASES.scheduleWithFixedDelay(() -> extendLease(client, task, every), every, every, TimeUnit.SECONDS);
    }

    private void extendLease(TaskClient client, Task task, long every) {
        TaskResult extend = new TaskResult(task);
        extend.setExtendLease(true);
        for (int attempt = 1; ; attempt++) {
            try {
                client.updateTask(extend);
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    LOG.warn("{} {}: could not extend its lease in Conductor ({}); trying again in {} s",
                            taskDefName, task.getTaskId(), e.getMessage(), every);
                    return;
                }
                try {
                    Thread.sleep(500L * attempt);
                } catch (InterruptedException stop) { // the task ended: no more extensions
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void stopLease(ScheduledFuture<?> lease) {
        if (lease != null) {
            lease.cancel(true);
        }
    }

    /**
     * Lets {@link TaskContext#log} send lines to Conductor while the task runs, and sets the identity this worker
     * polls with (both by {@link WorkerService}).
     */
    void attach(TaskClient client, WorkerIdentity who, int pollIntervalMs) {
        this.liveLog = client;
        this.identity = who;
        this.pollIntervalMs = pollIntervalMs;
    }

    /** Milliseconds between polls while idle ({@code FOLDWISE_POLL_INTERVAL_MS}, set by {@link WorkerService}). */
    @Override
    public int getPollingInterval() {
        return pollIntervalMs;
    }

    /** Who runs this worker: set by {@link WorkerService}, else from the process environment. */
    public final WorkerIdentity identity() {
        WorkerIdentity who = identity;
        if (who == null) {
            who = WorkerIdentity.of(System.getenv());
            identity = who;
        }
        return who;
    }

    /** The worker id Conductor records on the tasks this worker polls ({@link WorkerIdentity#id}). */
    @Override
    public final String getIdentity() {
        return identity().id();
    }

    @Override
    public final TaskResult execute(Task task) {
        TaskResult result = new TaskResult(task);
        TaskContext ctx = new TaskContext(task, result, liveLog, identity());
        Map<String, Object> input = new DeclaredInputs(taskDefName, inputs,
                task.getInputData() == null ? Map.of() : task.getInputData());
        TaskClock clock = TaskClock.start();
        ScheduledFuture<?> lease = keepLease(task);
        try (Outage.Notices notices = Outage.noticesTo(ctx::log)) {
            Map<String, Object> output = run(input, ctx);
            clock.stop();
            Map<String, Object> out = output == null ? new HashMap<>() : new HashMap<>(output);
            int size = JSON.writeValueAsBytes(out).length;
            if (size > MAX_OUTPUT_BYTES) {
                return fail(result, TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, taskDefName + ": output is " + size
                        + " bytes, over the " + MAX_OUTPUT_BYTES + "-byte limit: store large data in the artifact store "
                        + "and return its URI");
            }
            out.putIfAbsent(TaskClock.OUTPUT_KEY, clock.toMap());
            result.setOutputData(out);
            result.setStatus(TaskResult.Status.COMPLETED);
            return result;
        } catch (InvalidInputException e) {
            LOG.warn("{} {}: invalid input: {}", taskDefName, task.getTaskId(), e.getMessage());
            return fail(result, TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, e.getMessage());
        } catch (JsonProcessingException e) {
            return fail(result, TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, taskDefName
                    + ": output is not JSON-serialisable: " + e.getOriginalMessage());
        } catch (Exception e) {
            LOG.error("{} {} failed (will be retried per the task definition)", taskDefName, task.getTaskId(), e);
            return fail(result, TaskResult.Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            stopLease(lease);
            clock.stop();
        }
    }

    private static TaskResult fail(TaskResult result, TaskResult.Status status, String reason) {
        result.setStatus(status);
        result.setReasonForIncompletion(reason);
        result.log(reason);
        return result;
    }

    /** A task's input that may be read only under the declared keys. */
    static final class DeclaredInputs extends AbstractMap<String, Object> {
        private final String task;
        private final List<String> declared;
        private final Map<String, Object> values;

        DeclaredInputs(String task, List<String> declared, Map<String, Object> values) {
            this.task = task;
            this.declared = declared;
            this.values = values;
        }

        @Override
        public Object get(Object key) {
            if (!declared.contains(key)) {
                // a bug no retry can fix: terminal, with the fix in the message
                throw new InvalidInputException(task + " read task input '" + key + "', which it does not declare "
                        + declared + ": add it to the worker's INPUTS and to definitions/");
            }
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null || values.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            throw new UnsupportedOperationException(task + ": read task inputs by name (declared " + declared + ")");
        }
    }
}
