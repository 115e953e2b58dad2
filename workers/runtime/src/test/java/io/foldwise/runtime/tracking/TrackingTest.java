package io.foldwise.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.config.StackUnavailableException;
import io.foldwise.runtime.config.Outage;
import io.foldwise.runtime.testing.TcpProxy;
import io.foldwise.runtime.testing.TestStack;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real MLflow server of the test stack; every assertion reads server state through MLflow's REST API. */
class TrackingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Settings settings;

    @TempDir
    Path tmp;

    @BeforeAll
    static void stack() {
        settings = TestStack.settings();
    }

    private static JsonNode rest(String pathAndQuery) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(settings.mlflowUrl() + pathAndQuery)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode run(String runId) throws Exception {
        return rest("/api/2.0/mlflow/runs/get?run_id=" + runId).path("run");
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void parentAndNestedRunsWithBatchedParamsMetricsArtifactAndModel() throws Exception {
        String experimentName = "it-tracking-" + UUID.randomUUID();
        try (Tracking t = Tracking.connect(settings)) {
            String exp = t.experimentId(experimentName);
            assertEquals(exp, t.experimentId(experimentName), "get-or-create returns the same experiment");
            assertEquals(experimentName, rest("/api/2.0/mlflow/experiments/get?experiment_id=" + exp)
                    .path("experiment").path("name").asText());

            String parent = t.startRun(exp, "cv", Map.of("foldwise.config", "abc"), null);
            String fold0 = t.startRun(exp, "cv/fold-0", Map.of(), parent);
            String fold1 = t.startRun(exp, "cv/fold-1", Map.of(), parent);
            assertEquals(parent, t.startRun(exp, "cv", Map.of(), null), "a retried start returns the same run");
            assertEquals(fold0, t.startRun(exp, "cv/fold-0", Map.of(), parent));
            assertEquals(java.util.Optional.of(parent), t.findRun(exp, "cv"));
            assertEquals(3, Set.of(parent, fold0, fold1).size());

            JsonNode children = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(settings.mlflowUrl()
                    + "/api/2.0/mlflow/runs/search")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("experiment_ids", List.of(exp),
                            "filter", "tags.mlflow.parentRunId = '" + parent + "'")))).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("runs");
            Set<String> childIds = new TreeSet<>();
            children.forEach(r -> childIds.add(r.path("info").path("run_id").asText()));
            assertEquals(new TreeSet<>(Set.of(fold0, fold1)), childIds);
            assertEquals("abc", tag(run(parent), "foldwise.config"));

            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < 150; i++) {
                params.put("p." + i, "v" + i);
            }
            t.logParams(fold0, params);
            JsonNode stored = run(fold0).path("data").path("params");
            assertEquals(150, stored.size());
            Map<String, String> back = new LinkedHashMap<>();
            stored.forEach(p -> back.put(p.path("key").asText(), p.path("value").asText()));
            assertEquals(new java.util.TreeMap<>(params), new java.util.TreeMap<>(back));

            List<MetricPoint> points = new ArrayList<>();
            for (int step = 0; step < 1000; step++) {
                points.add(new MetricPoint("loss", 1.0 / (step + 1), step, 1_700_000_000_000L + step));
                points.add(new MetricPoint("dice", step / 1000.0, step, 1_700_000_000_000L + step));
            }
            t.logMetrics(fold0, points);
            assertEquals(0, t.pendingMetrics());
            JsonNode loss = rest("/api/2.0/mlflow/metrics/get-history?run_id=" + fold0 + "&metric_key=loss&max_results=5000")
                    .path("metrics");
            JsonNode dice = rest("/api/2.0/mlflow/metrics/get-history?run_id=" + fold0 + "&metric_key=dice&max_results=5000")
                    .path("metrics");
            assertEquals(1000, loss.size());
            assertEquals(1000, dice.size());
            assertEquals(0.5, valueAtStep(loss, 1));
            assertEquals(0.999, valueAtStep(dice, 999));

            t.setTag(fold1, "fold", "1");
            assertEquals("1", tag(run(fold1), "fold"));

            byte[] report = "{\"dice\":0.9}".getBytes(StandardCharsets.UTF_8);
            t.uploadArtifact(fold0, "reports/summary.json", report);
            Path model = Files.writeString(tmp.resolve("weights.bin"), "weights");
            t.uploadArtifact(fold0, "model/weights.bin", model);
            JsonNode listed = rest("/api/2.0/mlflow/artifacts/list?run_id=" + fold0 + "&path=reports").path("files");
            assertEquals(1, listed.size());
            assertEquals("reports/summary.json", listed.get(0).path("path").asText());
            assertEquals(report.length, listed.get(0).path("file_size").asLong());
            assertEquals(List.of("model", "reports"), t.listArtifacts(fold0, ""));
            assertEquals(List.of("model/weights.bin"), t.listArtifacts(fold0, "model"));

            String modelName = "it-model-" + UUID.randomUUID();
            String version = t.registerModelVersion(modelName, fold0, "model");
            assertEquals("1", version);
            assertEquals(version, t.registerModelVersion(modelName, fold0, "model"), "registration is idempotent");
            JsonNode mv = rest("/api/2.0/mlflow/model-versions/get?name=" + q(modelName) + "&version=" + version)
                    .path("model_version");
            assertEquals(fold0, mv.path("run_id").asText());
            assertTrue(mv.path("source").asText().endsWith("/" + fold0 + "/artifacts/model"), mv.toString());

            t.endRun(fold0, "FINISHED");
            t.endRun(fold1, "FAILED");
            assertEquals("FINISHED", run(fold0).path("info").path("status").asText());
            assertEquals("FAILED", run(fold1).path("info").path("status").asText());
            assertTrue(t.runUrl(exp, parent).endsWith("/#/experiments/" + exp + "/runs/" + parent));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> t.endRun(parent, "DONE"));
            assertEquals("run status must be one of FINISHED, FAILED, KILLED, got 'DONE'", bad.getMessage());
        }
    }

    @Test
    void metricsLoggedWhileMlflowIsUnreachableAreSentByTheNextFlush() throws Exception {
        try (TcpProxy proxy = new TcpProxy(settings.port("FOLDWISE_MLFLOW_PORT")).start();
             Tracking t = Tracking.connect(settings.with("FOLDWISE_MLFLOW_PORT", Integer.toString(proxy.port())))) {
            String exp = t.experimentId("it-tracking-buffer");
            String runId = t.startRun(exp, "buffer-" + UUID.randomUUID(), Map.of(), null);
            proxy.stop();
            List<MetricPoint> points = new ArrayList<>();
            for (int step = 0; step < 10; step++) {
                points.add(new MetricPoint("loss", step, step, 1_700_000_000_000L + step));
            }
            t.logMetrics(runId, points);
            assertEquals(10, t.pendingMetrics(), "kept while MLflow is unreachable");
            proxy.start();
            t.flush();
            assertEquals(0, t.pendingMetrics());
            assertEquals(10, rest("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=loss")
                    .path("metrics").size());
        }
    }

    /** MLflow restarted under a worker: the Java client's and the plain HTTP calls wait for it (its window open). */
    @Test
    void callsRideOutMlflowBeingAwayForAWhile() throws Exception {
        java.time.Duration before = Outage.window();
        Outage.window(java.time.Duration.ofSeconds(60));
        try (TcpProxy proxy = new TcpProxy(settings.port("FOLDWISE_MLFLOW_PORT")).start();
             Tracking t = Tracking.connect(settings.with("FOLDWISE_MLFLOW_PORT", Integer.toString(proxy.port())))) {
            String exp = t.experimentId("it-tracking-outage");
            String runId = t.startRun(exp, "outage-" + UUID.randomUUID(), Map.of(), null);
            List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (Outage.Notices n = Outage.noticesTo(notices::add)) {
                proxy.stop();
                java.util.concurrent.CompletableFuture<Void> back = backAfter(proxy, 3_000);
                t.setTag(runId, "foldwise.epochs", "7"); // through the Java client
                back.join();
                proxy.stop();
                back = backAfter(proxy, 2_000);
                assertEquals(exp, t.experimentId("it-tracking-outage")); // through plain HTTP
                back.join();
            }
            String tag = null;
            for (JsonNode tg : run(runId).path("data").path("tags")) {
                if (tg.path("key").asText().equals("foldwise.epochs")) {
                    tag = tg.path("value").asText();
                }
            }
            assertEquals("7", tag, "the tag set while MLflow was away reached it");
            assertEquals(4, notices.size(), notices.toString());
            String at = "MLflow at http://" + settings.host() + ":" + proxy.port();
            assertTrue(notices.get(0).startsWith(at + " is away ("), notices.get(0));
            assertTrue(notices.get(1).startsWith(at + " is back after "), notices.get(1));
            assertTrue(notices.get(2).startsWith(at + " is away ("), notices.get(2));
        } finally {
            Outage.window(before);
        }
    }

    private static java.util.concurrent.CompletableFuture<Void> backAfter(TcpProxy proxy, long millis) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(millis);
                proxy.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void experimentsOpenInMlflowsModelTrainingView() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try (Tracking tracking = Tracking.connect(settings)) {
            String created = tracking.experimentId("kind-new-" + suffix);
            assertEquals(Tracking.MODEL_TRAINING, experimentTag(created, Tracking.EXPERIMENT_KIND_TAG));

            // made by someone else without a kind (MLflow's UI would open it in the GenAI view): tagged on first use
            String bare = post("/api/2.0/mlflow/experiments/create", Map.of("name", "kind-bare-" + suffix))
                .path("experiment_id").asText();
            assertEquals("", experimentTag(bare, Tracking.EXPERIMENT_KIND_TAG));
            assertEquals(bare, tracking.experimentId("kind-bare-" + suffix));
            assertEquals(Tracking.MODEL_TRAINING, experimentTag(bare, Tracking.EXPERIMENT_KIND_TAG));

            // a kind a person chose is theirs
            String chosen = post("/api/2.0/mlflow/experiments/create", Map.of("name", "kind-chosen-" + suffix,
                "tags", List.of(Map.of("key", Tracking.EXPERIMENT_KIND_TAG, "value", "forecasting"))))
                .path("experiment_id").asText();
            assertEquals(chosen, tracking.experimentId("kind-chosen-" + suffix));
            assertEquals("forecasting", experimentTag(chosen, Tracking.EXPERIMENT_KIND_TAG));
            assertEquals(Map.of(Tracking.EXPERIMENT_KIND_TAG, "forecasting"),
                tracking.experimentTags("kind-chosen-" + suffix));
        }
    }

    private static JsonNode post(String path, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(settings.mlflowUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static String experimentTag(String experimentId, String key) throws Exception {
        for (JsonNode t : rest("/api/2.0/mlflow/experiments/get?experiment_id=" + experimentId)
            .path("experiment").path("tags")) {
            if (key.equals(t.path("key").asText())) {
                return t.path("value").asText();
            }
        }
        return "";
    }

    @Test
    void serverDownSaysWhichAndHowToStartIt() {
        int port = TestStack.freePort();
        StackUnavailableException e = assertThrows(StackUnavailableException.class,
                () -> Tracking.connect(settings.with("FOLDWISE_MLFLOW_PORT", Integer.toString(port))));
        assertEquals("MLflow at http://127.0.0.1:" + port + "/health is not reachable (profile " + settings.profile()
                + "): start the stack with ./foldwise stack up --profile " + settings.profile()
                + " and see ./foldwise stack status --profile " + settings.profile() + " for its log", e.getMessage());
        assertNotEquals(null, e.getCause());
    }

    private static double valueAtStep(JsonNode history, long step) {
        for (JsonNode m : history) {
            if (m.path("step").asLong() == step) {
                return m.path("value").asDouble();
            }
        }
        throw new AssertionError("no point at step " + step);
    }

    private static String tag(JsonNode run, String key) {
        for (JsonNode t : run.path("data").path("tags")) {
            if (t.path("key").asText().equals(key)) {
                return t.path("value").asText();
            }
        }
        return null;
    }
}
