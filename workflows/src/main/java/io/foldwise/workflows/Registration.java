package io.foldwise.workflows;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.common.metadata.workflow.WorkflowDef;
import io.foldwise.runtime.conductor.Definitions;
import io.foldwise.runtime.experiment.ExperimentConfig;
import java.util.ArrayList;
import java.util.List;

/** Registers the task definitions, the fold sub-workflow and experiment workflows (upsert: safe to repeat). */
public final class Registration {
  private Registration() {}

  /** Registers everything shared plus one workflow per given experiment; returns the workflow names. */
  public static List<String> register(ConductorClient client, DefinitionSet set, List<ExperimentConfig> experiments) {
    List<WorkflowDef> workflows = new ArrayList<>(set.sharedWorkflows());
    for (ExperimentConfig c : experiments) {
      workflows.add(set.experimentWorkflow(c));
    }
    Definitions.registerAll(client, set.taskDefs(), workflows);
    return workflows.stream().map(WorkflowDef::getName).toList();
  }
}
