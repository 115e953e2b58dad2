package io.foldwise.runtime.conductor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.MetadataClient;
import com.netflix.conductor.common.config.ObjectMapperProvider;
import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Loads task and workflow definitions from JSON and registers them with upsert semantics. */
public final class Definitions {
    private static final ObjectMapper JSON = new ObjectMapperProvider().getObjectMapper();

    private Definitions() {}

    /**
     * Registers (creates or updates) every task definition, then every workflow definition (PUT, so an
     * existing name+version is replaced). Safe to call on every start.
     */
    public static void registerAll(ConductorClient c, List<TaskDef> taskDefs, List<WorkflowDef> wfs) {
        MetadataClient metadata = new MetadataClient(c);
        if (!taskDefs.isEmpty()) {
            metadata.registerTaskDefs(taskDefs);
        }
        if (!wfs.isEmpty()) {
            metadata.updateWorkflowDefs(wfs);
        }
    }

    /** Task definitions from a JSON array (or a single object). */
    public static List<TaskDef> loadTaskDefs(InputStream json) {
        return load(json, TaskDef.class, "task definition");
    }

    /** Workflow definitions from a JSON array (or a single object). */
    public static List<WorkflowDef> loadWorkflowDefs(InputStream json) {
        return load(json, WorkflowDef.class, "workflow definition");
    }

    private static <T> List<T> load(InputStream json, Class<T> type, String what) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree == null) {
                throw new IllegalArgumentException("empty JSON where a " + what + " (object or array) was expected");
            }
            List<T> out = new ArrayList<>();
            if (tree.isArray()) {
                out.addAll(JSON.convertValue(tree, JSON.getTypeFactory().constructCollectionType(List.class, type)));
            } else if (tree.isObject()) {
                out.add(JSON.treeToValue(tree, type));
            } else {
                throw new IllegalArgumentException("expected a " + what + " JSON object or array, got " + tree.getNodeType());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + what + " JSON: " + e.getMessage(), e);
        }
    }

}
