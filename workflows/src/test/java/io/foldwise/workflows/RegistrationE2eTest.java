package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.http.MetadataClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.experiment.ExperimentConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every named experiment is registered as its own workflow; starting one with no input at all (what
 * the Conductor UI's run button does) hands the experiment's config to the first worker.
 */
class RegistrationE2eTest {
  @Test
  void namedWorkflowsStartWithNoInput() throws Exception {
    E2e e2e = E2e.get();
    List<ExperimentConfig> all = e2e.session.catalog().all();
    List<String> names = Registration.register(e2e.session.conductor(), e2e.session.definitions(), all);
    assertTrue(names.containsAll(List.of("foldwise_train_fold", "foldwise_phantom_smoke", "foldwise_covid19_miscnn",
        "foldwise_covid19_rehearsal")),
        names.toString());
    Registration.register(e2e.session.conductor(), e2e.session.definitions(), all); // idempotent
    MetadataClient metadata = new MetadataClient(e2e.session.conductor());
    assertEquals("covid19-miscnn", metadata.getWorkflowDef("foldwise_covid19_miscnn", 1).getInputTemplate()
        .get("experiment"));

    WorkflowClient workflows = new WorkflowClient(e2e.session.conductor());
    StartWorkflowRequest bare = new StartWorkflowRequest();
    bare.setName("foldwise_phantom_smoke");
    bare.setInput(Map.of());
    String id = workflows.startWorkflow(bare);
    try {
      Task download = null;
      for (int i = 0; i < 120 && download == null; i++) {
        Workflow wf = workflows.getWorkflow(id, true);
        download = wf.getTasks().stream().filter(t -> t.getReferenceTaskName().equals("download")).findFirst()
            .orElse(null);
        if (download == null) {
          Thread.sleep(250);
        }
      }
      assertTrue(download != null, "no download task scheduled");
      @SuppressWarnings("unchecked")
      Map<String, Object> config = (Map<String, Object>) download.getInputData().get("config");
      assertEquals(e2e.named("phantom-smoke").hash(), ExperimentConfig.fromMap(config, "download input").hash());
      assertEquals(id, download.getInputData().get("workflowId"));
    } finally {
      workflows.terminateWorkflow(id, "test over");
    }
  }
}
