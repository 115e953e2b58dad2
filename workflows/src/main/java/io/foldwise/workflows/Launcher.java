package io.foldwise.workflows;

import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ConductorLinks;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.tracking.Tracking;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts named experiments: registers the definitions (idempotent), previews the cache, starts
 * {@code foldwise_<experiment>} with the experiment identity as correlation id, and finds the
 * parent MLflow run the download stage opens.
 */
public final class Launcher {
  private final Settings settings;
  private final ConductorClient conductor;
  private final WorkflowClient workflows;
  private final DefinitionSet definitions;

  public Launcher(Settings settings, ConductorClient conductor, DefinitionSet definitions) {
    this.settings = settings;
    this.conductor = conductor;
    this.workflows = new WorkflowClient(conductor);
    this.definitions = definitions;
  }

  /** Registers the shared definitions and the experiment's workflow, then starts it. */
  public Launch launch(ExperimentConfig config, ArtifactStore store) {
    Registration.register(conductor, definitions, List.of(config));
    refuseConcurrentRun(config);
    WorkerCode code = new WorkerCode(settings.root());
    List<CachePreview.Stage> stages = CachePreview.of(store, config, code);
    StartWorkflowRequest request = new StartWorkflowRequest();
    request.setName(StageKeys.workflowName(config.name()));
    request.setVersion(1);
    request.setCorrelationId(config.identity());
    request.setInput(Map.of("experiment", config.name(), "configHash", config.hash()));
    String id = workflows.startWorkflow(request);
    CachePreview.remember(store, config, code);
    return new Launch(config.name(), request.getName(), id, config.identity(), executionUrl(id), stages);
  }

  /**
   * Two executions of one experiment under one config would write the same fold checkpoints: the
   * correlation id (the experiment identity) finds a running one, and the launch is refused.
   */
  private void refuseConcurrentRun(ExperimentConfig config) {
    for (String id : workflows.getRunningWorkflow(StageKeys.workflowName(config.name()), 1)) {
      Workflow wf = workflows.getWorkflow(id, false);
      if (config.identity().equals(wf.getCorrelationId()) && !isTerminal(wf)) {
        throw new IllegalStateException(config.identity() + " is already running as " + wf.getWorkflowId()
            + " (" + wf.getStatus() + "); follow it with ./foldwise status " + wf.getWorkflowId()
            + " or wait for it to end");
      }
    }
  }

  /** The Conductor UI page of an execution. */
  public String executionUrl(String workflowId) {
    return ConductorLinks.execution(settings, workflowId);
  }

  /** The parent run's MLflow URL once the download stage has opened it (waits up to {@code wait}). */
  public Optional<String> parentRunUrl(Tracking tracking, ExperimentConfig config, String workflowId,
      Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    String experimentId = tracking.experimentId(config.name());
    String runName = StageKeys.parentRunName(config, workflowId);
    while (true) {
      Optional<String> run = tracking.findRun(experimentId, runName);
      if (run.isPresent()) {
        return Optional.of(tracking.runUrl(experimentId, run.get()));
      }
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        if (isTerminal(workflows.getWorkflow(workflowId, false))) {
          return Optional.empty();
        }
      } catch (RuntimeException e) {
        if (!ServerAway.isUnreachable(e)) {
          throw e;
        }
      }
      sleep(Duration.ofMillis(500));
    }
  }

  /**
   * Polls the execution until it ends; {@code onChange} receives a line per task status change. A Conductor
   * server that goes away meanwhile (restart, crash) is waited for: one line says it is away, polling goes
   * on with back-off, and one line says it is back; the execution's state lives in PostgreSQL and Redis.
   */
  public Workflow await(String workflowId, Duration timeout, Consumer<String> onChange) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ExecutionView.Tracker tracker = new ExecutionView.Tracker();
    ServerAway away = new ServerAway("Conductor", settings.conductorApiUrl(), onChange);
    while (true) {
      Workflow wf = away.poll(() -> workflows.getWorkflow(workflowId, true), deadline);
      tracker.changes(wf).forEach(onChange);
      if (isTerminal(wf)) {
        return wf;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("workflow " + workflowId + " still " + wf.getStatus() + " after "
            + timeout.toSeconds() + " s; follow it at " + executionUrl(workflowId));
      }
      sleep(Duration.ofSeconds(2));
    }
  }

  static boolean isTerminal(Workflow wf) {
    return wf.getStatus() != null && wf.getStatus().isTerminal();
  }

  /** Sleeps {@code d}; an interrupt is kept and ends the wait as an IllegalStateException. */
  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
