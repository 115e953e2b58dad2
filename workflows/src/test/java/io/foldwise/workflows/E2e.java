package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.testing.TestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mlflow.tracking.MlflowClient;

/** Shared set-up of the end-to-end tests: the real test stack, worker processes, launching and reading back. */
final class E2e {
  final Settings settings;
  final Session session;
  final WorkerProcesses workers;
  final MlflowClient mlflow;

  private static E2e instance;

  private E2e() throws Exception {
    settings = TestStack.settings();
    session = new Session(settings);
    workers = WorkerProcesses.shared(settings);
    mlflow = new MlflowClient(settings.mlflowUrl());
  }

  static synchronized E2e get() throws Exception {
    if (instance == null) {
      instance = new E2e();
    }
    return instance;
  }

  ExperimentConfig named(String name) {
    return session.catalog().get(name);
  }

  /** A copy of {@code base} with a new name and some settings replaced ({@code "training.epochs" -> 3}). */
  @SuppressWarnings("unchecked")
  static ExperimentConfig variant(ExperimentConfig base, String name, Map<String, Object> changes) {
    Map<String, Object> map = base.toMap();
    map.put("name", name);
    changes.forEach((path, value) -> {
      String[] keys = path.split("\\.");
      Map<String, Object> node = map;
      for (int i = 0; i < keys.length - 1; i++) {
        node = (Map<String, Object>) node.get(keys[i]);
      }
      if (value == null) {
        node.remove(keys[keys.length - 1]);
      } else {
        node.put(keys[keys.length - 1], value);
      }
    });
    return ExperimentConfig.fromMap(map, name);
  }

  Launch launch(ExperimentConfig config) {
    return session.launcher().launch(config, session.store());
  }

  Workflow await(String workflowId, Duration timeout) {
    Consumer<String> log = line -> System.out.println("[" + workflowId.substring(0, 8) + "] " + line);
    return session.launcher().await(workflowId, timeout, log);
  }

  Workflow workflow(String id) {
    return new WorkflowClient(session.conductor()).getWorkflow(id, true);
  }

  /** The task of the given reference name in the workflow (the last attempt). */
  static Task task(Workflow wf, String ref) {
    Task found = null;
    for (Task t : wf.getTasks()) {
      if (t.getReferenceTaskName().equals(ref)) {
        found = t;
      }
    }
    assertTrue(found != null, "no task '" + ref + "' in " + ExecutionView.lines(wf));
    return found;
  }

  /** Every attempt of a task reference name. */
  static List<Task> attempts(Workflow wf, String ref) {
    List<Task> out = new ArrayList<>();
    for (Task t : wf.getTasks()) {
      if (t.getReferenceTaskName().equals(ref)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The fold sub-workflows of an execution, by fold index, last attempt of each. */
  List<Workflow> folds(Workflow wf, int count) {
    List<Workflow> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      out.add(workflow(task(wf, "fold_" + k).getSubWorkflowId()));
    }
    return out;
  }

  static void assertCompleted(Workflow wf) {
    assertEquals(Workflow.WorkflowStatus.COMPLETED, wf.getStatus(), String.join("\n", ExecutionView.lines(wf)));
  }
}
