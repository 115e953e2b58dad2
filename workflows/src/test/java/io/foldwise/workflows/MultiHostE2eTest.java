package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.WorkerIdentity;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunTag;

/**
 * Folds over two hosts. {@code phantom-smoke} runs once on this machine's workers alone; then a second host
 * ({@link SecondHost}: a network namespace that reaches the stack only over a veth pair, with its own data and
 * temp directories and worker ids) adds a train and an evaluate worker polling the same Conductor server and
 * sharing MinIO and MLflow, and the experiment runs again from scratch. Conductor's worker id per task and the
 * fold runs' {@code foldwise.host} tags show that both hosts trained folds, and the result (cross-validation
 * Dice per class, every fold's metrics and epoch history) is bit for bit the one of the single-host run: same
 * native build and thread count, so the same digits, whichever host computed them.
 *
 * <p>Each simulated host gets one of this machine's cores: the train and evaluate workers of both hosts run
 * with {@value #THREADS} OpenMP thread in both runs (this host's are restarted so, and restored afterwards). Two
 * hosts training at once with every core each would oversubscribe the cores and take several times longer;
 * the thread count is part of the bit-reproducibility promise, so it is the same in both runs.
 */
class MultiHostE2eTest {
  static final String THREADS = "1";
  static final Map<String, String> ONE_CORE = Map.of("OMP_NUM_THREADS", THREADS);
  static final List<String> COMPUTE = List.of("train", "evaluate");
  static final ObjectMapper JSON = new ObjectMapper();
  static E2e e2e;
  static ExperimentConfig config;
  static SecondHost hostB;
  static Outcome single;
  static Outcome spread;
  static Workflow spreadRun;

  /** What a run computed, and who computed it. */
  record Outcome(Map<String, Double> cv, List<Map<String, Object>> foldMetrics, List<List<Map<String, Object>>> history,
      List<Map<String, Double>> foldRunMetrics, List<Map<String, String>> foldTags, List<String> trainWorkers,
      List<String> evaluateWorkers) {}

  @BeforeAll
  static void runOnOneHostThenOnTwo() throws Exception {
    long start = System.nanoTime();
    e2e = E2e.get();
    config = e2e.named("phantom-smoke");
    for (String stage : COMPUTE) {
      e2e.workers.kill(stage);
      e2e.workers.start(stage, ONE_CORE);
    }
    e2e.session.store().deletePrefix(StageKeys.runPrefix(config) + "/");
    Workflow one = e2e.await(e2e.launch(config).workflowId(), Duration.ofMinutes(20));
    E2e.assertCompleted(one);
    single = outcome(one);
    long singleDone = System.nanoTime();

    hostB = SecondHost.open(e2e.settings);
    if (hostB.isolated()) {
      System.out.println("multi-host drill: second host = network namespace, stack reached at "
          + hostB.stackAddress() + " over a veth pair");
    } else {
      System.out.println("multi-host drill: this machine refuses network namespaces (" + hostB.fallbackReason()
          + "); the second host is separate processes on loopback with their own data directories and worker ids");
    }
    long since = System.currentTimeMillis();
    for (String stage : COMPUTE) {
      hostB.start(stage, ONE_CORE);
    }
    hostB.awaitPolling("train", "foldwise_train", since, 180_000);
    hostB.awaitPolling("evaluate", "foldwise_evaluate", since, 180_000);
    long hostUp = System.nanoTime();

    e2e.session.store().deletePrefix(StageKeys.runPrefix(config) + "/"); // train every fold again
    spreadRun = e2e.await(e2e.launch(config).workflowId(), Duration.ofMinutes(20));
    E2e.assertCompleted(spreadRun);
    spread = outcome(spreadRun);
    System.out.printf("multi-host drill: single-host run %.0f s, second host up %.0f s, two-host run %.0f s%n",
        (singleDone - start) / 1e9, (hostUp - singleDone) / 1e9, (System.nanoTime() - hostUp) / 1e9);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (hostB != null) {
      hostB.close();
    }
    if (e2e != null) { // this host's workers as the other tests expect them: every core
      for (String stage : COMPUTE) {
        e2e.workers.kill(stage);
        e2e.workers.start(stage);
      }
    }
  }

  @Test
  void foldsTrainedOnBothHosts() {
    System.out.println("multi-host drill: train workers " + spread.trainWorkers() + ", evaluate workers "
        + spread.evaluateWorkers());
    String hostA = WorkerIdentity.of(Map.of()).host(); // this machine's workers run without identity settings
    Set<String> trainHosts = new TreeSet<>();
    for (int k = 0; k < config.training().folds(); k++) {
      Map<String, String> tags = spread.foldTags().get(k);
      // MLflow names the worker Conductor handed the task to
      assertEquals(spread.trainWorkers().get(k), tags.get("foldwise.worker_id"), "fold " + k + " " + tags);
      assertEquals(spread.evaluateWorkers().get(k), tags.get("foldwise.evaluate.worker_id"), "fold " + k + " " + tags);
      String host = tags.get("foldwise.host");
      trainHosts.add(host);
      if (host.equals(SecondHost.HOST_TAG)) {
        assertEquals(hostB.workerId("train"), tags.get("foldwise.worker_id"), "fold " + k);
      } else {
        assertEquals(hostA, host, "fold " + k + " " + tags);
        assertFalse(tags.get("foldwise.worker_id").startsWith(SecondHost.HOST_TAG), "fold " + k + " " + tags);
      }
    }
    assertEquals(new TreeSet<>(List.of(hostA, SecondHost.HOST_TAG)), trainHosts,
        "folds trained on " + trainHosts + ", not on both hosts; train workers " + spread.trainWorkers());
    // the single-host run was this machine's alone
    assertEquals(Set.of(hostA), single.foldTags().stream().map(t -> t.get("foldwise.host")).collect(Collectors.toSet()));
  }

  @Test
  void theResultIsTheSingleHostOneBitForBit() {
    List<String> backends = single.foldTags().stream().map(t -> t.get("foldwise.native_backend")).toList();
    assertTrue(backends.get(0).endsWith("OpenMP threads " + THREADS), backends.toString());
    assertEquals(backends, spread.foldTags().stream().map(t -> t.get("foldwise.native_backend")).toList(),
        "both hosts must run the same native build and thread count");
    assertTrue(single.cv().containsKey("cv.dice_lungs.mean"), single.cv().toString());
    assertTrue(single.cv().keySet().stream().anyMatch(k -> k.startsWith("cv.dice_infection")), single.cv().toString());
    assertEquals(single.cv(), spread.cv(), "cross-validation metrics");
    for (int k = 0; k < config.training().folds(); k++) {
      assertEquals(config.training().epochs(), spread.history().get(k).size(), "fold " + k + " epochs");
      assertEquals(single.history().get(k), spread.history().get(k), "fold " + k + " epoch history");
      assertEquals(single.foldMetrics().get(k), spread.foldMetrics().get(k), "fold " + k + " evaluation metrics");
      assertEquals(single.foldRunMetrics().get(k), spread.foldRunMetrics().get(k), "fold " + k + " MLflow metrics");
    }
  }

  @Test
  void theSecondHostReachesTheStackOnlyOverItsNetworkWithItsOwnFiles() throws Exception {
    // its spool directories are its own: the train worker wrote model files under its data directory
    assertTrue(Files.isDirectory(hostB.dataDir().resolve("work/train")), hostB.dataDir() + " has no work/train");
    assertTrue(Files.readString(hostB.log("train")).contains("as worker " + hostB.workerId("train") + " on host "
        + SecondHost.HOST_TAG), "log " + hostB.log("train"));
    Assumptions.assumeTrue(hostB.isolated(), "no network namespace on this machine: " + hostB.fallbackReason());
    assertTrue(Files.readString(hostB.log("train")).contains("at http://" + hostB.stackAddress() + ":"),
        "the second host's train worker polls the pair's address; log " + hostB.log("train"));
    for (String key : List.of("FOLDWISE_CONDUCTOR_PORT", "FOLDWISE_MINIO_PORT", "FOLDWISE_MLFLOW_PORT")) {
      int port = e2e.settings.port(key);
      assertTrue(hostB.reaches(hostB.stackAddress(), port), key + " " + port + " over the pair");
      assertFalse(hostB.reaches("127.0.0.1", port), key + " " + port + " on the second host's own loopback");
    }
    for (String key : List.of("FOLDWISE_POSTGRES_PORT", "FOLDWISE_REDIS_PORT")) { // the workers never need these
      assertFalse(hostB.reaches(hostB.stackAddress(), e2e.settings.port(key)), key);
    }
  }

  private static Outcome outcome(Workflow wf) throws Exception {
    ArtifactStore store = e2e.session.store();
    String parentId = (String) wf.getOutput().get("parentRunId");
    Run parent = e2e.mlflow.getRun(parentId);
    Map<String, Double> cv = new TreeMap<>();
    for (Metric m : parent.getData().getMetricsList()) {
      if (m.getKey().startsWith("cv.")) {
        cv.put(m.getKey(), m.getValue());
      }
    }
    Map<Integer, RunInfo> foldRuns = new TreeMap<>();
    for (RunInfo r : e2e.mlflow.searchRuns(List.of(parent.getInfo().getExperimentId()),
        "tags.`mlflow.parentRunId` = '" + parentId + "'")) {
      foldRuns.put(Integer.parseInt(r.getRunName().substring(r.getRunName().lastIndexOf("fold-") + 5)), r);
    }
    assertEquals(config.training().folds(), foldRuns.size(), "fold runs " + foldRuns.keySet());
    List<Map<String, Object>> metrics = new ArrayList<>();
    List<List<Map<String, Object>>> history = new ArrayList<>();
    List<Map<String, Double>> runMetrics = new ArrayList<>();
    List<Map<String, String>> tags = new ArrayList<>();
    List<String> trainWorkers = new ArrayList<>();
    List<String> evaluateWorkers = new ArrayList<>();
    List<Workflow> folds = e2e.folds(wf, config.training().folds());
    for (int k = 0; k < config.training().folds(); k++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(store.getBytes(FoldFiles.metricsKey(config, k)), Map.class);
      metrics.add(m);
      List<Map<String, Object>> epochs = new ArrayList<>();
      for (Map<String, Object> e : FoldFiles.readHistory(store, config, k)) {
        Map<String, Object> copy = new LinkedHashMap<>(e);
        copy.remove("timestamp"); // when, not what
        epochs.add(copy);
      }
      history.add(epochs);
      Run run = e2e.mlflow.getRun(foldRuns.get(k).getRunId());
      runMetrics.add(run.getData().getMetricsList().stream()
          .collect(Collectors.toMap(Metric::getKey, Metric::getValue, (a, b) -> b, TreeMap::new)));
      tags.add(run.getData().getTagsList().stream()
          .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue, (a, b) -> b, TreeMap::new)));
      trainWorkers.add(E2e.task(folds.get(k), "train").getWorkerId());
      evaluateWorkers.add(E2e.task(folds.get(k), "evaluate").getWorkerId());
    }
    return new Outcome(cv, metrics, history, runMetrics, tags, trainWorkers, evaluateWorkers);
  }
}
