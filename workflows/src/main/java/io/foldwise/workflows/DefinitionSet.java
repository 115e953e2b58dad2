package io.foldwise.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.netflix.conductor.common.config.ObjectMapperProvider;
import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import io.foldwise.runtime.conductor.Definitions;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Conductor definitions of {@code definitions/}: every task definition, the fold sub-workflow,
 * and one workflow per named experiment built from {@code foldwise_experiment.template.json}:
 * named {@code foldwise_<experiment>}, its first task holding the experiment's canonical config as a
 * literal, so starting it needs no input at all (the Conductor UI's "run" just works). Measured on
 * server 3.21.14: the workflow definition's {@code inputTemplate} is NOT merged into the input of a
 * started execution (it stays {@code {}}), so it only labels the definition; the config has to be a
 * literal inside the definition.
 */
public final class DefinitionSet {
  static final String TEMPLATE = "foldwise_experiment.template.json";
  private static final ObjectMapper JSON = new ObjectMapperProvider().getObjectMapper();

  private final List<TaskDef> taskDefs;
  private final List<WorkflowDef> fixedWorkflows;
  private final JsonNode template;

  private DefinitionSet(List<TaskDef> taskDefs, List<WorkflowDef> fixedWorkflows, JsonNode template) {
    this.taskDefs = List.copyOf(taskDefs);
    this.fixedWorkflows = List.copyOf(fixedWorkflows);
    this.template = template;
  }

  /** Loads {@code dir/tasks/*.json} and {@code dir/workflows/*.json}. */
  public static DefinitionSet load(Path dir) {
    List<TaskDef> tasks = new ArrayList<>();
    for (Path f : jsonFiles(dir.resolve("tasks"))) {
      try (InputStream in = Files.newInputStream(f)) {
        tasks.addAll(Definitions.loadTaskDefs(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    List<WorkflowDef> workflows = new ArrayList<>();
    JsonNode template = null;
    for (Path f : jsonFiles(dir.resolve("workflows"))) {
      try (InputStream in = Files.newInputStream(f)) {
        if (f.getFileName().toString().equals(TEMPLATE)) {
          template = JSON.readTree(in);
        } else {
          workflows.addAll(Definitions.loadWorkflowDefs(in));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f, e);
      }
    }
    if (template == null || tasks.isEmpty()) {
      throw new IllegalStateException(dir + ": expected tasks/*.json and workflows/" + TEMPLATE
          + "; run from the Foldwise checkout (or set FOLDWISE_ROOT)");
    }
    return new DefinitionSet(tasks, workflows, template);
  }

  public List<TaskDef> taskDefs() {
    return taskDefs;
  }

  /** The workflows every experiment shares (the fold sub-workflow). */
  public List<WorkflowDef> sharedWorkflows() {
    return fixedWorkflows;
  }

  /** The workflow definition of one named experiment. */
  public WorkflowDef experimentWorkflow(ExperimentConfig config) {
    ObjectNode wf = template.deepCopy();
    wf.put("name", StageKeys.workflowName(config.name()));
    wf.put("description", "Foldwise experiment " + config.name() + " (config " + config.shortHash() + "): "
        + config.description() + " Start it with no input; ./foldwise run " + config.name() + " does the same.");
    ObjectNode inputTemplate = wf.putObject("inputTemplate");
    inputTemplate.put("experiment", config.name());
    inputTemplate.put("configHash", config.hash());
    ObjectNode first = (ObjectNode) wf.get("tasks").get(0);
    ((ObjectNode) first.get("inputParameters")).set("config", JSON.valueToTree(config.toMap()));
    try {
      return JSON.treeToValue(wf, WorkflowDef.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> jsonFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
