package io.foldwise.runtime.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.foldwise.runtime.config.ServiceCheck;
import io.foldwise.runtime.config.Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The models in MLflow's registry as {@code ./foldwise predict} finds them: a registered model by name (its
 * latest version) or {@code name/version}, or every fold model of one experiment execution (by the workflow id
 * its parent run is tagged with); and a version's model directory downloaded to a folder. Errors say what exists.
 */
public final class ModelRegistry {
    private static final Pattern WORKFLOW_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String SCHEME = "mlflow-artifacts:";
    private final MlflowRest rest;

    /** One registered model version: where its model directory is and which run made it. */
    public record Version(String name, String version, String runId, String source) {
        @Override
        public String toString() {
            return name + "/" + version;
        }
    }

    ModelRegistry(String url) {
        this.rest = new MlflowRest(url);
    }

    /** The registry of the profile's MLflow server (fails with a clear message when it is down). */
    public static ModelRegistry connect(Settings s) {
        ServiceCheck.require("MLflow", s.mlflowUrl() + "/health", s);
        return new ModelRegistry(s.mlflowUrl());
    }

    /**
     * The model versions {@code reference} names: {@code <registered name>} (its latest version),
     * {@code <registered name>/<version>}, or an experiment execution's workflow id (every fold's version, in
     * fold order).
     */
    public List<Version> resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("--model is empty; give a registered model name[/version] or an "
                    + "experiment execution id");
        }
        int slash = reference.lastIndexOf('/');
        if (slash > 0) {
            return List.of(version(reference.substring(0, slash), reference.substring(slash + 1)));
        }
        List<Version> versions = versions(reference);
        if (!versions.isEmpty()) {
            return List.of(versions.get(versions.size() - 1));
        }
        if (WORKFLOW_ID.matcher(reference).matches()) {
            return execution(reference);
        }
        if (names().contains(reference)) {
            throw new IllegalArgumentException("registered model '" + reference + "' has no versions yet; the "
                    + "evaluation of its fold registers one");
        }
        throw unknown(reference);
    }

    /** Version {@code version} of {@code name}. */
    public Version version(String name, String version) {
        List<Version> all = versions(name);
        if (all.isEmpty() && !names().contains(name)) {
            throw unknown(name);
        }
        return all.stream().filter(v -> v.version().equals(version)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("registered model '" + name + "' has no version '" + version
                        + "'; its versions: " + (all.isEmpty() ? "(none)"
                        : String.join(", ", all.stream().map(Version::version).toList()))));
    }

    /** Every version of {@code name}, oldest first; empty when there is no such registered model. */
    public List<Version> versions(String name) {
        if (name.contains("'")) {
            throw new IllegalArgumentException("model name '" + name + "' must not contain a single quote");
        }
        List<Version> out = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = rest.get("/api/2.0/mlflow/model-versions/search?max_results=1000&filter="
                    + URLEncoder.encode("name='" + name + "'", StandardCharsets.UTF_8)
                    + (token.isEmpty() ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            page.path("model_versions").forEach(v -> out.add(version(v)));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        out.sort(Comparator.comparingLong(v -> Long.parseLong(v.version())));
        return out;
    }

    /** The names of every registered model, sorted. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = rest.get("/api/2.0/mlflow/registered-models/search?max_results=1000"
                    + (token.isEmpty() ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            page.path("registered_models").forEach(m -> out.add(m.path("name").asText()));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        out.sort(null);
        return out;
    }

    /**
     * The fold models of one experiment execution: its parent run is the run tagged {@code foldwise.workflow_id}
     * = {@code workflowId}; each nested fold run's newest registered version, in fold order.
     */
    public List<Version> execution(String workflowId) {
        List<String> experimentIds = new ArrayList<>();
        rest.get("/api/2.0/mlflow/experiments/search?max_results=1000").path("experiments")
                .forEach(e -> experimentIds.add(e.path("experiment_id").asText()));
        List<JsonNode> parents = experimentIds.isEmpty() ? List.of()
                : runs(experimentIds, "tags.`foldwise.workflow_id` = '" + workflowId + "'");
        if (parents.isEmpty()) {
            throw new IllegalArgumentException("no experiment execution '" + workflowId + "' in MLflow at " + rest.base()
                    + " (no run is tagged foldwise.workflow_id=" + workflowId + "); give the workflow id ./foldwise run "
                    + "printed, or a registered model: " + String.join(", ", names()));
        }
        JsonNode parent = parents.get(0);
        String parentId = parent.path("info").path("run_id").asText();
        List<JsonNode> folds = runs(List.of(parent.path("info").path("experiment_id").asText()),
                "tags.`" + Tracking.PARENT_TAG + "` = '" + parentId + "'");
        Map<Integer, Version> byFold = new TreeMap<>();
        for (JsonNode run : folds) {
            String fold = tag(run, "foldwise.fold").orElse(null);
            if (fold == null) {
                continue;
            }
            String runId = run.path("info").path("run_id").asText();
            List<Version> versions = new ArrayList<>();
            rest.get("/api/2.0/mlflow/model-versions/search?max_results=1000&filter=" + URLEncoder.encode(
                    "run_id='" + runId + "'", StandardCharsets.UTF_8)).path("model_versions")
                    .forEach(v -> versions.add(version(v)));
            Version newest = versions.stream().max(Comparator.comparingLong(v -> Long.parseLong(v.version())))
                    .orElseThrow(() -> new IllegalArgumentException("execution " + workflowId + ": fold " + fold
                            + " (run " + runId + ") has no registered model; its evaluation has not finished; "
                            + "resume the execution with ./foldwise resume " + workflowId));
            byFold.put(Integer.parseInt(fold), newest);
        }
        if (byFold.isEmpty()) {
            throw new IllegalArgumentException("execution " + workflowId + " has no fold runs in MLflow yet; wait for "
                    + "its folds to finish (./foldwise status " + workflowId + ")");
        }
        return List.copyOf(byFold.values());
    }

    /**
     * Downloads the version's model directory ({@code MLmodel} and {@code model.zip}) into {@code dir}; returns
     * {@code dir}.
     */
    public Path download(Version v, Path dir) throws java.io.IOException {
        if (!v.source().startsWith(SCHEME)) {
            throw new IllegalArgumentException("model " + v + " is stored at " + v.source() + ", not on the MLflow "
                    + "server's artifact store; register it again through the evaluate stage");
        }
        if (v.source().endsWith(".zip")) {
            throw new IllegalArgumentException("model " + v + " is a bare DL4J zip (" + v.source() + ") registered "
                    + "before models carried an MLmodel file; run the experiment again to register a loadable version");
        }
        String path = v.source().substring(SCHEME.length());
        if (path.startsWith("//")) {
            path = path.substring(path.indexOf('/', 2));
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        Files.createDirectories(dir);
        for (String file : List.of("MLmodel", "model.zip")) {
            StringBuilder api = new StringBuilder("/api/2.0/mlflow-artifacts/artifacts");
            for (String part : (path + "/" + file).split("/")) {
                api.append('/').append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
            }
            try {
                rest.download(api.toString(), dir.resolve(file));
            } catch (MlflowRest.MlflowError e) {
                throw new IllegalArgumentException("model " + v + " has no " + file + " at " + v.source() + "/" + file
                        + " (HTTP " + e.status + "); register it again through the evaluate stage", e);
            }
        }
        return dir;
    }

    private IllegalArgumentException unknown(String reference) {
        List<String> names = names();
        return new IllegalArgumentException("no registered model '" + reference + "' and no experiment execution of "
                + "that id in MLflow at " + rest.base() + "; registered models: "
                + (names.isEmpty() ? "(none: run an experiment first)" : String.join(", ", names)));
    }

    private List<JsonNode> runs(List<String> experimentIds, String filter) {
        List<JsonNode> out = new ArrayList<>();
        String token = "";
        do {
            ObjectNode body = MlflowRest.JSON.createObjectNode();
            experimentIds.forEach(body.putArray("experiment_ids")::add);
            body.put("filter", filter);
            body.put("max_results", 1000);
            body.put("run_view_type", "ACTIVE_ONLY");
            body.putArray("order_by").add("attributes.start_time ASC");
            if (!token.isEmpty()) {
                body.put("page_token", token);
            }
            JsonNode page = rest.post("/api/2.0/mlflow/runs/search", body);
            page.path("runs").forEach(out::add);
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return out;
    }

    private static Optional<String> tag(JsonNode run, String key) {
        for (JsonNode t : run.path("data").path("tags")) {
            if (key.equals(t.path("key").asText())) {
                return Optional.of(t.path("value").asText());
            }
        }
        return Optional.empty();
    }

    private static Version version(JsonNode v) {
        return new Version(v.path("name").asText(), v.path("version").asText(), v.path("run_id").asText(),
                v.path("source").asText());
    }
}
