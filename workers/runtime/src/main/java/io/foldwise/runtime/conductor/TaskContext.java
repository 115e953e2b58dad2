package io.foldwise.runtime.conductor;

import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a stage sees of its Conductor task: identity, retry count, and a progress log. */
public final class TaskContext {
    private static final Logger LOG = LoggerFactory.getLogger(TaskContext.class);
    private final Task task;
    private final TaskResult result;
    private final TaskClient liveLog;
    private final WorkerIdentity worker;
    private final LongSupplier nanoClock;
    private long lastLineNanos;

    /** At most one {@link #progress} line per this many seconds (a long step's heartbeat in the task log). */
    public static final long PROGRESS_INTERVAL_SECONDS = 10;

    TaskContext(Task task, TaskResult result, TaskClient liveLogOrNull, WorkerIdentity worker) {
        this(task, result, liveLogOrNull, worker, System::nanoTime);
    }

    TaskContext(Task task, TaskResult result, TaskClient liveLogOrNull, WorkerIdentity worker, LongSupplier nanoClock) {
        this.task = task;
        this.result = result;
        this.liveLog = liveLogOrNull;
        this.worker = worker;
        this.nanoClock = nanoClock;
        this.lastLineNanos = nanoClock.getAsLong();
    }

    public String taskId() { return task.getTaskId(); }
    public String taskType() { return task.getTaskDefName(); }
    public String workflowId() { return task.getWorkflowInstanceId(); }
    public String correlationId() { return task.getCorrelationId(); }
    public int retryCount() { return task.getRetryCount(); }
    public int pollCount() { return task.getPollCount(); }
    /** The host this worker runs on ({@link WorkerIdentity#host}). */
    public String host() { return worker.host(); }
    /** The worker id Conductor recorded for this task at poll time (this worker's own id if none is recorded). */
    public String workerId() {
        String id = task.getWorkerId();
        return id == null || id.isBlank() ? worker.id() : id;
    }

    /** Adds a line to the task's log in Conductor (sent right away when a server is attached) and to the worker log. */
    public void log(String line) {
        lastLineNanos = nanoClock.getAsLong();
        LOG.info("[{} {}] {}", task.getTaskDefName(), task.getTaskId(), line);
        if (liveLog != null) {
            try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TASK_LOG)) {
                liveLog.logMessageForTask(task.getTaskId(), line);
                return;
            } catch (RuntimeException e) {
                LOG.warn("could not send task log line to Conductor ({}); keeping it for the task result", e.getMessage());
            }
        }
        result.log(line);
    }

    /**
     * A progress line of a long step (an iteration, a prediction window): logged as {@link #log} when the task's
     * last line is at least {@value #PROGRESS_INTERVAL_SECONDS} s old, else dropped, so a slow step shows it is
     * alive every 10 s or so and a fast one does not flood the log. Returns whether it was logged.
     */
    public boolean progress(String line) {
        if (nanoClock.getAsLong() - lastLineNanos < PROGRESS_INTERVAL_SECONDS * 1_000_000_000L) {
            return false;
        }
        log(line);
        return true;
    }
}
