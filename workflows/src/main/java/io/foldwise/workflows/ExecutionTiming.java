package io.foldwise.workflows;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where an execution's wall time went: compute inside the workers versus everything else (waiting to be polled,
 * Conductor deciding the next task, forks and joins, MinIO transfers, MLflow calls, the worker's own round trips).
 *
 * <p>The wall time is the top workflow's start to end. Fold sub-workflows are flattened into their tasks. Along the
 * <em>critical chain</em> (the task that ended last, then repeatedly the task that ended last before the current one
 * started) the time splits exactly into: poll waits (from when a task was scheduled, or the task before it on the
 * chain ended if that was later, e.g. a fold queued behind another on the one train worker, to when a worker took
 * it), each worker task's compute, storage
 * and tracking waits ({@code timing} in its output, measured by {@code TaskClock} inside the worker), the worker's
 * round trips (Conductor's run time minus the worker's), system tasks, failed attempts, and the gaps between tasks.
 * Orchestration share = 1 − compute on the chain / wall time.
 */
public final class ExecutionTiming {
    private static final Set<String> CONTAINERS = Set.of("SUB_WORKFLOW", "FORK_JOIN", "FORK_JOIN_DYNAMIC", "JOIN",
            "DECISION", "SWITCH", "DO_WHILE", "FORK");

    /** One leaf task: a worker task or a system task that is not a container. */
    public record Step(String name, String type, String status, String workerId, long scheduled, long start, long end,
            Map<String, Long> timing) {
        long queueMs() {
            return Math.max(0, start - scheduled);
        }

        long conductorRunMs() {
            return Math.max(0, end - start);
        }

        boolean worker() {
            return "SIMPLE".equals(type);
        }

        boolean timed() {
            return timing != null && timing.containsKey("computeMs") && timing.containsKey("runMs");
        }

        long part(String key) {
            return timed() ? timing.getOrDefault(key, 0L) : 0;
        }
    }

    /** The split of the wall time; {@code parts} sums to {@code wallMs}. */
    public record Report(String workflowId, String status, long wallMs, List<Step> steps, List<Step> chain,
            Map<String, Long> parts, long computeAllTasksMs) {
        public long computeMs() {
            return parts.get("compute");
        }

        /** Everything but compute on the critical chain, as a share of the wall time. */
        public double orchestrationShare() {
            return wallMs == 0 ? 0 : (wallMs - computeMs()) / (double) wallMs;
        }

        /** A printable table of the split, then every step. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format("%s %s: wall time %s, compute on the critical chain %s, orchestration share %.1f%%",
                    workflowId, status, secs(wallMs), secs(computeMs()), 100 * orchestrationShare()));
            out.add("");
            out.add(String.format("  %-34s %10s %7s", "critical chain (" + chain.size() + " tasks)", "seconds", "share"));
            parts.forEach((k, v) -> out.add(String.format("  %-34s %10s %6.1f%%", LABELS.getOrDefault(k, k), secs(v),
                    wallMs == 0 ? 0 : 100.0 * v / wallMs)));
            out.add(String.format("  %-34s %10s", "compute in all worker tasks", secs(computeAllTasksMs)));
            out.add("");
            out.add(String.format("  %-30s %-11s %8s %8s %8s %8s %8s", "task", "status", "queue", "run", "compute",
                    "storage", "tracking"));
            for (Step s : steps) {
                out.add(String.format("  %-30s %-11s %8s %8s %8s %8s %8s%s", s.name(), s.status(), secs(s.queueMs()),
                        secs(s.conductorRunMs()), s.timed() ? secs(s.part("computeMs")) : "-",
                        s.timed() ? secs(s.part("storageMs")) : "-", s.timed() ? secs(s.part("trackingMs")) : "-",
                        chain.contains(s) ? "  *" : ""));
            }
            out.add("  (* on the critical chain; seconds)");
            return out;
        }
    }

    static final Map<String, String> LABELS = Map.of(
            "compute", "compute in workers",
            "queue", "waiting to be polled",
            "storage", "MinIO transfers",
            "tracking", "MLflow calls",
            "taskLog", "task log lines to Conductor",
            "workerRoundTrip", "worker round trips",
            "systemTasks", "system tasks",
            "failedAttempts", "failed or untimed attempts",
            "between", "between tasks (deciding, forks, joins)");

    private ExecutionTiming() {}

    /**
     * Analyses a finished execution.
     *
     * @param subWorkflows fetches a sub-workflow (with its tasks) by id
     */
    public static Report of(Workflow top, Function<String, Workflow> subWorkflows) {
        List<Step> steps = new ArrayList<>();
        collect(top, subWorkflows, "", steps);
        steps.sort(Comparator.comparingLong(Step::scheduled).thenComparingLong(Step::end));
        long start = top.getStartTime();
        long end = top.getEndTime();
        if (end <= 0) {
            end = steps.stream().mapToLong(Step::end).max().orElse(start);
        }
        long wall = Math.max(0, end - start);
        List<Step> chain = chain(steps);
        Map<String, Long> parts = new LinkedHashMap<>();
        for (String k : List.of("compute", "queue", "storage", "tracking", "taskLog", "workerRoundTrip", "systemTasks",
                "failedAttempts", "between")) {
            parts.put(k, 0L);
        }
        long covered = 0;
        long previousEnd = start;
        for (Step s : chain) {
            // waiting to be polled: from when the task was scheduled or its worker became free, whichever is later
            long queue = Math.max(0, s.start() - Math.max(s.scheduled(), previousEnd));
            previousEnd = s.end();
            covered += queue + s.conductorRunMs();
            parts.merge("queue", queue, Long::sum);
            if (!s.worker()) {
                parts.merge("systemTasks", s.conductorRunMs(), Long::sum);
            } else if (!s.timed()) {
                parts.merge("failedAttempts", s.conductorRunMs(), Long::sum);
            } else {
                long compute = s.part("computeMs");
                long storage = s.part("storageMs");
                long tracking = s.part("trackingMs");
                long taskLog = s.part("taskLogMs");
                long inWorker = compute + storage + tracking + taskLog;
                if (inWorker > s.conductorRunMs()) { // clocks of two machines, or rounding: trust Conductor's span
                    double f = s.conductorRunMs() / (double) inWorker;
                    compute = Math.round(compute * f);
                    storage = Math.round(storage * f);
                    taskLog = Math.round(taskLog * f);
                    tracking = s.conductorRunMs() - compute - storage - taskLog;
                    inWorker = s.conductorRunMs();
                }
                parts.merge("compute", compute, Long::sum);
                parts.merge("storage", storage, Long::sum);
                parts.merge("tracking", tracking, Long::sum);
                parts.merge("taskLog", taskLog, Long::sum);
                parts.merge("workerRoundTrip", s.conductorRunMs() - inWorker, Long::sum);
            }
        }
        // every other part splits a chain task's span exactly, so this makes the parts sum to the wall time
        parts.put("between", wall - covered);
        long computeAll = steps.stream().filter(Step::timed).mapToLong(s -> s.part("computeMs")).sum();
        return new Report(top.getWorkflowId(), String.valueOf(top.getStatus()), wall, steps, chain, parts, computeAll);
    }

    private static void collect(Workflow wf, Function<String, Workflow> subWorkflows, String prefix, List<Step> out) {
        for (Task t : wf.getTasks()) {
            // a worker task's taskType is its definition's name; the workflow task says SIMPLE
            String type = t.getWorkflowTask() != null && t.getWorkflowTask().getType() != null
                    ? t.getWorkflowTask().getType() : t.getTaskType();
            if (t.getSubWorkflowId() != null && !t.getSubWorkflowId().isBlank()) {
                Workflow sub = subWorkflows.apply(t.getSubWorkflowId());
                if (sub != null) {
                    collect(sub, subWorkflows, prefix + t.getReferenceTaskName() + "/", out);
                }
                continue;
            }
            if (CONTAINERS.contains(type) || t.getStartTime() <= 0) {
                continue;
            }
            long end = t.getEndTime() > 0 ? t.getEndTime() : t.getUpdateTime();
            String name = prefix + t.getReferenceTaskName() + (t.getRetryCount() > 0 ? " #" + t.getRetryCount() : "");
            out.add(new Step(name, type, String.valueOf(t.getStatus()), t.getWorkerId(),
                    t.getScheduledTime() > 0 ? t.getScheduledTime() : t.getStartTime(), t.getStartTime(),
                    Math.max(end, t.getStartTime()), timing(t)));
        }
    }

    private static Map<String, Long> timing(Task t) {
        Object o = t.getOutputData() == null ? null : t.getOutputData().get("timing");
        if (!(o instanceof Map<?, ?> m) || !"COMPLETED".equals(String.valueOf(t.getStatus()))) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v instanceof Number n) {
                out.put(String.valueOf(k), n.longValue());
            }
        });
        return out;
    }

    /**
     * The last task to end, then repeatedly the last to end before the current one started (what it waited for: the
     * task it depends on, or the task that kept its worker busy); in time order.
     */
    static List<Step> chain(List<Step> steps) {
        List<Step> chain = new ArrayList<>();
        Step cur = steps.stream().max(Comparator.comparingLong(Step::end)).orElse(null);
        while (cur != null) {
            chain.add(0, cur);
            long before = cur.start();
            Step c = cur;
            cur = steps.stream().filter(s -> s != c && !chain.contains(s) && s.end() <= before)
                    .max(Comparator.comparingLong(Step::end)).orElse(null);
        }
        return chain;
    }

    static String secs(long ms) {
        return String.format("%.2f", ms / 1000.0);
    }
}
