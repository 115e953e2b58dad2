package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;

/**
 * MLflow goes away for a while in the middle of a training (the training worker reaches it through a
 * proxy that is stopped and started again): the execution still completes and every epoch of every
 * fold reaches the fold's MLflow run exactly once.
 */
class TransientTroubleE2eTest {
  @Test
  void mlflowOutageLosesNoEpoch() throws Exception {
    E2e e2e = E2e.get();
    ExperimentConfig config = E2e.variant(e2e.named("phantom-smoke"), "outage-e2e",
        Map.of("training.folds", 2, "training.epochs", 3, "training.iterations_per_epoch", 10));
    e2e.session.store().deletePrefix(StageKeys.runPrefix(config) + "/");
    int mlflowPort = URI.create(e2e.settings.mlflowUrl()).getPort();
    try (TcpProxy proxy = new TcpProxy(mlflowPort).start()) {
      e2e.workers.kill("train");
      e2e.workers.start("train", Map.of("FOLDWISE_MLFLOW_PORT", String.valueOf(proxy.port())));
      try {
        String id = e2e.launch(config).workflowId();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (FoldFiles.readHistory(e2e.session.store(), config, 0).isEmpty()
            && FoldFiles.readHistory(e2e.session.store(), config, 1).isEmpty()) {
          assertTrue(System.nanoTime() < deadline, "no epoch finished in time");
          Thread.sleep(500);
        }
        proxy.stop();
        System.out.println("MLflow cut off for the training worker");
        Thread.sleep(20_000);
        proxy.start();
        System.out.println("MLflow back");
        Workflow done = e2e.await(id, Duration.ofMinutes(20));
        E2e.assertCompleted(done);
        List<Workflow> folds = e2e.folds(done, config.training().folds());
        for (int k = 0; k < folds.size(); k++) {
          String runId = (String) E2e.task(folds.get(k), "train").getOutputData().get("foldRunId");
          List<Long> steps = e2e.mlflow.getMetricHistory(runId, "loss").stream().map(Metric::getStep).sorted()
              .toList();
          assertEquals(LongStream.rangeClosed(1, config.training().epochs()).boxed().toList(), steps,
              "fold " + k + " in MLflow after the outage");
        }
      } finally {
        e2e.workers.kill("train");
        e2e.workers.start("train");
      }
    }
  }
}
