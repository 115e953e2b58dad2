package io.foldwise.runtime.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.foldwise.runtime.conductor.TaskClock;
import io.foldwise.runtime.config.Outage;
import io.foldwise.runtime.config.ServiceCheck;
import io.foldwise.runtime.config.Settings;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Experiment tracking on the profile's MLflow server: experiments, idempotent parent/nested runs, params and
 * metrics in batches within MLflow's limits, tags, artifacts through the server's proxied artifact API, and
 * model versions through the registry's REST endpoints. Metric points that cannot be sent because MLflow is
 * down are kept and sent by the next {@link #flush} (also called by {@link #logMetrics}, {@link #endRun} and
 * {@link #close}).
 */
public final class Tracking implements AutoCloseable {
    public static final String PARENT_TAG = "mlflow.parentRunId";
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_PER_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Tracking.class);
    private static final Set<String> END_STATES = Set.of("FINISHED", "FAILED", "KILLED");

    private final MlflowClient client;
    private final MlflowRest rest;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final Map<String, String> artifactRoots = new ConcurrentHashMap<>();

    private record Pending(String runId, MetricPoint point) {}

    private Tracking(String url) {
        this.client = new MlflowClient(url);
        this.rest = new MlflowRest(url);
    }

    /** Connects to the profile's MLflow server (fails with a clear message when it is down). */
    public static Tracking connect(Settings s) {
        ServiceCheck.require("MLflow", s.mlflowUrl() + "/health", s);
        return new Tracking(s.mlflowUrl());
    }

    /**
     * MLflow 3's UI opens an experiment in its GenAI view unless the experiment's tag {@value} says what it is
     * for; Foldwise experiments train models ({@value #MODEL_TRAINING}), so they open in the model-training view
     * where fold runs show their curves.
     */
    public static final String EXPERIMENT_KIND_TAG = "mlflow.experimentKind";
    public static final String MODEL_TRAINING = "custom_model_development";
    private final Set<String> kindChecked = ConcurrentHashMap.newKeySet();

    /**
     * The id of the experiment with this name, created if missing, and tagged as a model-training experiment
     * (an existing experiment that has no kind yet gets the tag; one a person gave another kind keeps it).
     */
    public synchronized String experimentId(String name) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            requireText(name, "experiment name");
            // looked up over plain HTTP: the Java client logs a misleading "(Rate limit exceeded). Retrying" warning
            // for the 404 of an experiment that does not exist yet, and retries it three times
            Optional<JsonNode> found = experimentByName(name);
            if (found.isPresent()) {
                return withKind(found.get());
            }
            try {
                ObjectNode body = MlflowRest.JSON.createObjectNode().put("name", name);
                body.putArray("tags").addObject().put("key", EXPERIMENT_KIND_TAG).put("value", MODEL_TRAINING);
                String id = rest.post("/api/2.0/mlflow/experiments/create", body).path("experiment_id").asText();
                kindChecked.add(id);
                return id;
            } catch (MlflowRest.MlflowError e) {
                if ("RESOURCE_ALREADY_EXISTS".equals(e.code)) {
                    return experimentByName(name).map(this::withKind).orElseThrow(() -> new TrackingException(
                            "MLflow says experiment '" + name + "' exists but does not find it; check " + rest.base()));
                }
                throw e;
            }
        }
    }

    /** The experiment's tags; empty when there is no experiment of that name. */
    public Map<String, String> experimentTags(String name) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            Map<String, String> out = new java.util.TreeMap<>();
            experimentByName(name).ifPresent(e -> e.path("tags").forEach(t -> out.put(t.path("key").asText(),
                    t.path("value").asText())));
            return out;
        }
    }

    private String withKind(JsonNode experiment) {
        String id = experiment.path("experiment_id").asText();
        if (kindChecked.contains(id)) {
            return id;
        }
        boolean hasKind = false;
        for (JsonNode t : experiment.path("tags")) {
            hasKind |= EXPERIMENT_KIND_TAG.equals(t.path("key").asText());
        }
        if (!hasKind) {
            rest.post("/api/2.0/mlflow/experiments/set-experiment-tag", Map.of("experiment_id", id, "key",
                    EXPERIMENT_KIND_TAG, "value", MODEL_TRAINING));
        }
        kindChecked.add(id);
        return id;
    }

    private Optional<JsonNode> experimentByName(String name) {
        try {
            return Optional.of(rest.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                    + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).path("experiment"));
        } catch (MlflowRest.MlflowError e) {
            if (e.status == 404 || "RESOURCE_DOES_NOT_EXIST".equals(e.code)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Starts (creates) the run named {@code runName} under {@code parentRunIdOrNull} in the experiment, or returns
     * the existing one with that name and parent: calling it again (e.g. on a task retry) never duplicates runs.
     */
    public synchronized String startRun(String experimentId, String runName, Map<String, String> tags,
            String parentRunIdOrNull) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            Optional<String> existing = findRun(experimentId, runName, parentRunIdOrNull);
            if (existing.isPresent()) {
                return existing.get();
            }
            ObjectNode body = MlflowRest.JSON.createObjectNode();
            body.put("experiment_id", experimentId);
            body.put("run_name", runName);
            body.put("start_time", System.currentTimeMillis());
            ArrayNode tagList = body.putArray("tags");
            tagList.addObject().put("key", "mlflow.runName").put("value", runName);
            if (parentRunIdOrNull != null) {
                tagList.addObject().put("key", PARENT_TAG).put("value", parentRunIdOrNull);
            }
            for (Map.Entry<String, String> t : tags == null ? Map.<String, String>of().entrySet() : tags.entrySet()) {
                tagList.addObject().put("key", t.getKey()).put("value", t.getValue());
            }
            return rest.post("/api/2.0/mlflow/runs/create", body).path("run").path("info").path("run_id").asText();
        }
    }

    /** The top-level (parent-less) run with this name, if any. */
    public Optional<String> findRun(String experimentId, String runName) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            return findRun(experimentId, runName, null);
        }
    }

    /** The run with this name and parent ({@code null} = top-level), the oldest if several exist. */
    public Optional<String> findRun(String experimentId, String runName, String parentRunIdOrNull) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            requireText(experimentId, "experiment id");
            requireText(runName, "run name");
            if (runName.contains("'") || (parentRunIdOrNull != null && parentRunIdOrNull.contains("'"))) {
                throw new IllegalArgumentException("run name '" + runName + "' must not contain a single quote");
            }
            String filter = "attributes.run_name = '" + runName + "'"
                    + (parentRunIdOrNull == null ? "" : " and tags.`" + PARENT_TAG + "` = '" + parentRunIdOrNull + "'");
            List<Run> matches = new ArrayList<>();
            RunsPage page = call("search runs in experiment " + experimentId, () -> client.searchRuns(List.of(experimentId),
                    filter, ViewType.ACTIVE_ONLY, 1000));
            while (true) {
                for (Run r : page.getItems()) {
                    boolean hasParent = r.getData().getTagsList().stream().anyMatch(t -> t.getKey().equals(PARENT_TAG));
                    if (parentRunIdOrNull != null || !hasParent) {
                        matches.add(r);
                    }
                }
                if (!page.hasNextPage()) {
                    break;
                }
                RunsPage current = page;
                page = call("search runs", () -> (RunsPage) current.getNextPage());
            }
            return matches.stream().min(Comparator.comparingLong((Run r) -> r.getInfo().getStartTime()))
                    .map(r -> r.getInfo().getRunId());
        }
    }

    /** Logs params in batches of at most 100. */
    public void logParams(String runId, Map<String, String> params) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            List<Param> all = new ArrayList<>();
            params.forEach((k, v) -> all.add(Param.newBuilder().setKey(k).setValue(v).build()));
            for (int from = 0; from < all.size(); from += MAX_PARAMS_PER_BATCH) {
                List<Param> batch = all.subList(from, Math.min(all.size(), from + MAX_PARAMS_PER_BATCH));
                call("log " + batch.size() + " params to run " + runId, () -> {
                    client.logBatch(runId, List.of(), batch, List.of());
                    return null;
                });
            }
        }
    }

    public void logMetric(String runId, String key, double value, long step) {
        logMetrics(runId, List.of(new MetricPoint(key, value, step)));
    }

    /** Queues the points and sends everything queued in batches of at most 1000 (kept if MLflow is down). */
    public void logMetrics(String runId, List<MetricPoint> points) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            requireText(runId, "run id");
            synchronized (pending) {
                for (MetricPoint p : points) {
                    pending.add(new Pending(runId, p));
                }
            }
            flush();
        }
    }

    /** Sends queued metric points; those MLflow cannot take now (server down) stay queued for the next flush. */
    public void flush() {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            synchronized (pending) {
                while (!pending.isEmpty()) {
                    String runId = pending.peekFirst().runId();
                    List<Pending> batch = new ArrayList<>();
                    for (Pending p : pending) {
                        if (!p.runId().equals(runId) || batch.size() == MAX_METRICS_PER_BATCH) {
                            break;
                        }
                        batch.add(p);
                    }
                    List<Metric> metrics = batch.stream().map(p -> Metric.newBuilder().setKey(p.point().key())
                            .setValue(p.point().value()).setStep(p.point().step())
                            .setTimestamp(p.point().timestampMillis()).build()).toList();
                    try {
                        client.logBatch(runId, metrics, List.of(), List.of());
                    } catch (MlflowHttpException e) {
                        if (e.getStatusCode() / 100 == 4) {
                            batch.forEach(p -> pending.removeFirst());
                            throw new TrackingException("MLflow rejected " + batch.size() + " metric points for run " + runId
                                    + " (HTTP " + e.getStatusCode() + "): " + e.getBodyMessage(), e);
                        }
                        LOG.warn("MLflow answered HTTP {}; keeping {} metric points for a later flush", e.getStatusCode(),
                                pending.size());
                        return;
                    } catch (MlflowClientException e) {
                        LOG.warn("MLflow unreachable ({}); keeping {} metric points for a later flush", e.getMessage(),
                                pending.size());
                        return;
                    }
                    batch.forEach(p -> pending.removeFirst());
                }
            }
        }
    }

    /** Number of metric points waiting for MLflow. */
    public int pendingMetrics() {
        synchronized (pending) {
            return pending.size();
        }
    }

    public void setTag(String runId, String key, String value) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            call("set tag " + key + " on run " + runId, () -> {
                client.setTag(runId, key, value);
                return null;
            });
        }
    }

    /** The run's tags. */
    public Map<String, String> runTags(String runId) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            requireText(runId, "run id");
            Map<String, String> out = new java.util.TreeMap<>();
            call("get run " + runId, () -> client.getRun(runId)).getData().getTagsList()
                    .forEach(t -> out.put(t.getKey(), t.getValue()));
            return out;
        }
    }

    /** Uploads bytes as the run artifact {@code path} (e.g. {@code "reports/summary.json"}). */
    public void uploadArtifact(String runId, String path, byte[] content) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            rest.put(artifactApiPath(runId, path), HttpRequest.BodyPublishers.ofByteArray(content));
        }
    }

    public void uploadArtifact(String runId, String path, Path file) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("cannot upload " + file + " as artifact " + path + " of run " + runId
                        + ": not a regular file");
            }
            try {
                rest.put(artifactApiPath(runId, path), HttpRequest.BodyPublishers.ofFile(file));
            } catch (java.io.FileNotFoundException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Paths (relative to the run's artifact root) of the files and folders directly under {@code dir}. */
    public List<String> listArtifacts(String runId, String dir) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            String root = artifactRoot(runId);
            String rel = dir == null || dir.isEmpty() ? "" : "/" + trimSlashes(dir);
            JsonNode files = rest.get("/api/2.0/mlflow-artifacts/artifacts?path="
                    + URLEncoder.encode(root + rel, StandardCharsets.UTF_8)).path("files");
            List<String> out = new ArrayList<>();
            String prefix = rel.isEmpty() ? "" : rel.substring(1) + "/";
            files.forEach(f -> out.add(prefix + f.path("path").asText()));
            out.sort(null);
            return out;
        }
    }

    /** Registers the run's artifact folder as a version of {@code modelName}; returns the version (idempotent). */
    public synchronized String registerModelVersion(String modelName, String runId, String artifactPath) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            requireText(modelName, "model name");
            String source = "mlflow-artifacts:/" + artifactRoot(runId) + "/" + trimSlashes(artifactPath);
            try {
                rest.post("/api/2.0/mlflow/registered-models/create", Map.of("name", modelName));
            } catch (MlflowRest.MlflowError e) {
                if (!"RESOURCE_ALREADY_EXISTS".equals(e.code)) {
                    throw e;
                }
            }
            JsonNode versions = rest.get("/api/2.0/mlflow/model-versions/search?filter=" + URLEncoder.encode(
                    "name='" + modelName + "' and run_id='" + runId + "'", StandardCharsets.UTF_8)).path("model_versions");
            for (JsonNode v : versions) {
                if (source.equals(v.path("source").asText())) {
                    return v.path("version").asText();
                }
            }
            return rest.post("/api/2.0/mlflow/model-versions/create", Map.of("name", modelName, "source", source,
                    "run_id", runId)).path("model_version").path("version").asText();
        }
    }

    /** Flushes metrics and marks the run FINISHED, FAILED or KILLED. */
    public void endRun(String runId, String status) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.TRACKING)) {
            if (status == null || !END_STATES.contains(status)) {
                throw new IllegalArgumentException("run status must be one of FINISHED, FAILED, KILLED, got '" + status + "'");
            }
            flush();
            call("end run " + runId, () -> {
                client.setTerminated(runId, RunStatus.valueOf(status));
                return null;
            });
        }
    }

    /** The MLflow UI page of a run. */
    public String runUrl(String experimentId, String runId) {
        return rest.base() + "/#/experiments/" + experimentId + "/runs/" + runId;
    }

    /** Flushes (best effort) and releases the client. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            if (pendingMetrics() > 0) {
                LOG.warn("closing MLflow tracking with {} metric points not sent (MLflow unreachable)", pendingMetrics());
            }
            client.close();
        }
    }

    /** {@code <expId>/<runId>/artifacts} for the run, from its artifact URI ({@code mlflow-artifacts:/...}). */
    private String artifactRoot(String runId) {
        requireText(runId, "run id");
        return artifactRoots.computeIfAbsent(runId, id -> {
            String uri = call("get run " + id, () -> client.getRun(id)).getInfo().getArtifactUri();
            String scheme = "mlflow-artifacts:";
            if (!uri.startsWith(scheme)) {
                throw new TrackingException("run " + id + " stores artifacts at " + uri + ", not on the server's "
                        + "proxied store: start MLflow with --serve-artifacts (./foldwise stack up does)");
            }
            String path = uri.substring(scheme.length());
            int hostEnd = path.startsWith("//") ? path.indexOf('/', 2) : -1;
            return trimSlashes(hostEnd > 0 ? path.substring(hostEnd) : path);
        });
    }

    private String artifactApiPath(String runId, String path) {
        requireText(path, "artifact path");
        if (("/" + path + "/").contains("/../")) {
            throw new IllegalArgumentException("artifact path '" + path + "' must not contain '..'");
        }
        StringBuilder sb = new StringBuilder("/api/2.0/mlflow-artifacts/artifacts/");
        for (String part : (artifactRoot(runId) + "/" + trimSlashes(path)).split("/")) {
            sb.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20")).append('/');
        }
        return sb.substring(0, sb.length() - 1);
    }

    private static String trimSlashes(String s) {
        String t = s;
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
    }

    private interface Call<T> {
        T run();
    }

    /**
     * A call through the Java client, riding out a server that is away ({@link Outage}); every such call is
     * idempotent (reads, tags, params of the same value, ending a run).
     */
    private <T> T call(String what, Call<T> call) {
        try {
            return Outage.ride("MLflow", rest.base(), Outage.Repeat.IDEMPOTENT, call::run);
        } catch (MlflowHttpException e) {
            throw new TrackingException("MLflow " + what + " failed (HTTP " + e.getStatusCode() + "): "
                    + e.getBodyMessage(), e);
        } catch (MlflowClientException e) {
            throw new TrackingException("MLflow " + what + " failed: " + e.getMessage(), e);
        }
    }
}
