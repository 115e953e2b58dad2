package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.TaskDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import com.netflix.conductor.common.metadata.workflow.WorkflowTask;
import io.foldwise.runtime.experiment.ExperimentConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON definitions and the per-experiment workflows built from them, checked without a server. */
class DefinitionSetTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  final DefinitionSet set = DefinitionSet.load(ROOT.resolve("definitions"));
  final ExperimentCatalog catalog = ExperimentCatalog.at(ROOT);

  @ParameterizedTest
  @ValueSource(strings = {"phantom-smoke", "covid19-miscnn", "covid19-rehearsal"})
  void eachExperimentGetsItsOwnWorkflowCarryingItsConfig(String name) {
    ExperimentConfig config = catalog.get(name);
    WorkflowDef wf = set.experimentWorkflow(config);
    assertEquals("foldwise_" + name.replace('-', '_'), wf.getName());
    WorkflowTask first = wf.getTasks().get(0);
    assertEquals("JSON_JQ_TRANSFORM", first.getType());
    @SuppressWarnings("unchecked")
    Map<String, Object> literal = (Map<String, Object>) first.getInputParameters().get("config");
    assertEquals(config.hash(), ExperimentConfig.fromMap(literal, "definition").hash());
    assertEquals(name, wf.getInputTemplate().get("experiment"));
    assertTrue(wf.getInputParameters().isEmpty(), "starting it must need no input");
  }

  @Test
  void everySimpleTaskHasADefinitionWithRetriesAndTimeouts() {
    Map<String, TaskDef> defs = set.taskDefs().stream().collect(Collectors.toMap(TaskDef::getName, d -> d));
    Set<String> used = new java.util.TreeSet<>();
    for (WorkflowDef wf : List.of(set.experimentWorkflow(catalog.get("phantom-smoke")), set.sharedWorkflows().get(0))) {
      for (WorkflowTask t : wf.getTasks()) {
        if ("SIMPLE".equals(t.getType())) {
          used.add(t.getName());
        }
      }
    }
    used.add("foldwise_split");
    assertEquals(defs.keySet(), used);
    for (TaskDef d : defs.values()) {
      assertTrue(d.getRetryCount() >= 1, d.getName());
      assertTrue(d.getResponseTimeoutSeconds() > 0 && d.getResponseTimeoutSeconds() < d.getTimeoutSeconds(), d.getName());
      assertEquals(TaskDef.RetryLogic.EXPONENTIAL_BACKOFF, d.getRetryLogic(), d.getName());
    }
    assertTrue(defs.get("foldwise_train").getTimeoutSeconds() >= 24 * 3600, "training may take a day");
  }

  @Test
  void foldsFanOutDynamicallyThenJoinBeforeAggregate() {
    List<WorkflowTask> tasks = set.experimentWorkflow(catalog.get("phantom-smoke")).getTasks();
    List<String> refs = tasks.stream().map(WorkflowTask::getTaskReferenceName).toList();
    assertEquals(List.of("experiment", "download", "explore", "preprocess", "split", "folds", "folds_join",
        "aggregate"), refs);
    WorkflowTask fork = tasks.get(5);
    assertEquals("FORK_JOIN_DYNAMIC", fork.getType());
    assertEquals("forkTasks", fork.getDynamicForkTasksParam());
    assertEquals("forkInputs", fork.getDynamicForkTasksInputParamName());
    assertEquals("foldwise_train_fold", set.sharedWorkflows().get(0).getName());
  }

  /** Each worker's declared inputs (what it reads; StageWorker refuses any other read). */
  static final Map<String, List<String>> WORKER_INPUTS = Map.of(
      "foldwise_download", io.foldwise.worker.download.DownloadWorker.INPUTS,
      "foldwise_explore", io.foldwise.worker.explore.ExploreWorker.INPUTS,
      "foldwise_preprocess", io.foldwise.worker.preprocess.PreprocessWorker.INPUTS,
      "foldwise_split", io.foldwise.worker.preprocess.SplitWorker.INPUTS,
      "foldwise_train", io.foldwise.worker.train.TrainWorker.INPUTS,
      "foldwise_evaluate", io.foldwise.worker.evaluate.EvaluateWorker.INPUTS,
      "foldwise_aggregate", io.foldwise.worker.aggregate.AggregateWorker.INPUTS);

  @Test
  void everyTaskIsGivenExactlyTheInputsItsWorkerReads() {
    Map<String, TaskDef> defs = set.taskDefs().stream().collect(Collectors.toMap(TaskDef::getName, d -> d));
    assertEquals(WORKER_INPUTS.keySet(), defs.keySet());
    for (WorkflowDef wf : List.of(set.experimentWorkflow(catalog.get("phantom-smoke")), set.sharedWorkflows().get(0))) {
      for (WorkflowTask t : wf.getTasks()) {
        if ("SIMPLE".equals(t.getType())) {
          assertEquals(Set.copyOf(WORKER_INPUTS.get(t.getName())), t.getInputParameters().keySet(),
              wf.getName() + " task " + t.getTaskReferenceName() + " inputParameters vs what " + t.getName() + " reads");
        }
      }
    }
    for (TaskDef d : defs.values()) {
      assertEquals(Set.copyOf(WORKER_INPUTS.get(d.getName())), Set.copyOf(d.getInputKeys()), d.getName() + " inputKeys");
    }
  }

  @Test
  void theFoldWorkflowDeclaresExactlyTheInputsItsTasksUse() {
    WorkflowDef fold = set.sharedWorkflows().get(0);
    Set<String> used = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{workflow\\.input\\.(\\w+)}")
        .matcher(fold.getTasks().toString() + fold.getTasks().stream().map(t -> t.getInputParameters().toString())
            .collect(Collectors.joining()));
    while (m.find()) {
      used.add(m.group(1));
    }
    assertEquals(used, Set.copyOf(fold.getInputParameters()));
  }

  /** The dynamic fork's per-fold entries (definitions/forks/, filled in by SplitWorker) start the fold workflow with its inputs. */
  @Test
  void theForkTemplateStartsTheFoldWorkflowWithExactlyItsInputs() throws Exception {
    com.fasterxml.jackson.databind.JsonNode fork = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(ROOT.resolve("definitions/forks/foldwise_train_fold.json").toFile());
    WorkflowDef fold = set.sharedWorkflows().get(0);
    assertEquals(fold.getName(), fork.path("task").path("name").asText());
    assertEquals(fold.getName(), fork.path("task").path("subWorkflowParam").path("name").asText());
    assertEquals(fold.getVersion(), fork.path("task").path("subWorkflowParam").path("version").asInt());
    Set<String> keys = new java.util.TreeSet<>();
    fork.path("input").fieldNames().forEachRemaining(keys::add);
    assertEquals(Set.copyOf(fold.getInputParameters()), keys);
  }
}
