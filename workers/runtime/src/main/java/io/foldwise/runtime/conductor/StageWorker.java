package io.foldwise.runtime.conductor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.worker.Worker;
import com.netflix.conductor.common.config.ObjectMapperProvider;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.tasks.TaskResult;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Template for one Conductor task type. Subclasses implement {@link #run}; the template turns the outcome
 * into a task result: a returned map → COMPLETED with that output; {@link InvalidInputException} →
 * FAILED_WITH_TERMINAL_ERROR with its message (no retry); any other exception → FAILED (retried per the task
 * definition) with "ExceptionClass: message". Outputs must stay small (URIs and scalars): more than
 * {@link #MAX_OUTPUT_BYTES} of JSON fails the task terminally.
 */
public abstract class StageWorker implements Worker {
    public static final int MAX_OUTPUT_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(StageWorker.class);
    private static final ObjectMapper JSON = new ObjectMapperProvider().getObjectMapper();

    private final String taskDefName;
    private volatile TaskClient liveLog;

    protected StageWorker(String taskDefName) {
        this.taskDefName = Objects.requireNonNull(taskDefName, "taskDefName == null");
    }

    /** The stage's work: read the input, write artifacts, return a small output map. */
    protected abstract Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception;

    @Override
    public final String getTaskDefName() {
        return taskDefName;
    }

    /** Long tasks keep their lease: the runner extends it before {@code responseTimeoutSeconds} runs out. */
    @Override
    public boolean leaseExtendEnabled() {
        return true;
    }

    /** Lets {@link TaskContext#log} send lines to Conductor while the task runs (set by {@link WorkerService}). */
    void attach(TaskClient client) {
        this.liveLog = client;
    }

    @Override
    public final TaskResult execute(Task task) {
        TaskResult result = new TaskResult(task);
        TaskContext ctx = new TaskContext(task, result, liveLog);
        Map<String, Object> input = task.getInputData() == null ? Map.of() : task.getInputData();
        try {
            Map<String, Object> output = run(input, ctx);
            Map<String, Object> out = output == null ? new HashMap<>() : new HashMap<>(output);
            int size = JSON.writeValueAsBytes(out).length;
            if (size > MAX_OUTPUT_BYTES) {
                return fail(result, TaskResult.Status.FAILED_WITH_TERMINAL_ERROR, taskDefName + ": output is " + size
                        + " bytes, over the " + MAX_OUTPUT_BYTES + "-byte limit: store large data in the artifact store "
                        + "and return its URI");
            }
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
        }
    }

    private static TaskResult fail(TaskResult result, TaskResult.Status status, String reason) {
        result.setStatus(status);
        result.setReasonForIncompletion(reason);
        result.log(reason);
        return result;
    }
}
