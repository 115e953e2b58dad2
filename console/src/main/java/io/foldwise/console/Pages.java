package io.foldwise.console;

import static io.foldwise.console.Html.esc;

import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.tasks.PollData;
import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import com.netflix.conductor.common.run.WorkflowSummary;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.ObjectInfo;
import io.foldwise.runtime.config.ServiceCheck;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.config.StackUnavailableException;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.workflows.CachePreview;
import io.foldwise.workflows.Launch;
import io.foldwise.workflows.Session;
import io.foldwise.workflows.WorkerCode;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.tracking.MlflowClient;

/** The console's pages, rendered on the server from Conductor, MinIO and MLflow. */
final class Pages {
  private final Settings settings;
  private final Session session;
  private final MlflowLinks links;
  private MlflowClient mlflow;
  /** CV Dice of completed executions, by workflow id and end time. */
  private final Map<String, Map<String, Double>> completedDice = new java.util.concurrent.ConcurrentHashMap<>();
  /** Renders the experiments page's sections side by side (daemon threads: they never keep the JVM up). */
  private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "console-page");
    t.setDaemon(true);
    return t;
  });
  /**
   * A task type no worker has polled for this long has no worker ({@code FOLDWISE_CONSOLE_POLL_SILENCE_SECONDS},
   * default 60; workers poll about every second).
   */
  private final long pollSilenceMs;

  Pages(Settings settings, Session session) {
    this.settings = settings;
    this.session = session;
    // the browser's way to MLflow (compose: the published port, not the service name the console uses)
    this.pollSilenceMs = 1000L * Long.parseLong(settings.optional("FOLDWISE_CONSOLE_POLL_SILENCE_SECONDS").orElse("60"));
    this.links = new MlflowLinks(settings.optional("FOLDWISE_MLFLOW_UI_URL").orElse(settings.mlflowUrl()));
  }

  private synchronized MlflowClient mlflow() {
    if (mlflow == null) {
      ServiceCheck.require("MLflow", settings.mlflowUrl() + "/health", settings);
      mlflow = new MlflowClient(settings.mlflowUrl());
    }
    return mlflow;
  }

  private WorkflowClient workflows() {
    ServiceCheck.require("Conductor", io.foldwise.runtime.conductor.Conductor.healthUrl(settings), settings);
    return new WorkflowClient(session.conductor());
  }

  private ArtifactStore store() {
    ServiceCheck.require("MinIO", settings.minioEndpoint() + "/minio/health/live", settings);
    return session.store();
  }

  /** The first stack service that does not answer, as a sentence saying how to start it; null if all do. */
  String serviceDown() {
    Map<String, String> health = new LinkedHashMap<>();
    health.put("Conductor", io.foldwise.runtime.conductor.Conductor.healthUrl(settings));
    health.put("MinIO", settings.minioEndpoint() + "/minio/health/live");
    health.put("MLflow", settings.mlflowUrl() + "/health");
    for (Map.Entry<String, String> e : health.entrySet()) {
      try {
        ServiceCheck.require(e.getKey(), e.getValue(), settings);
      } catch (StackUnavailableException down) {
        return down.getMessage();
      }
    }
    return null;
  }

  // ---- experiments

  String experiments() {
    WorkflowClient wf = workflows();
    ArtifactStore store = store();
    WorkerCode code = new WorkerCode(settings.root());
    StringBuilder b = new StringBuilder("<h1>Experiments</h1>");
    b.append("<p>Every file in <code>").append(esc(settings.root().resolve("experiments"))).append("</code>. "
        + "Launch starts the workflow as <code>./foldwise run</code> does; the workers come from "
        + "<code>./foldwise stack up</code>.</p>");
    b.append("<form id=\"compare\" method=\"get\" action=\"/compare\"><button type=\"submit\" "
        + "id=\"compare-selected\">Compare the ticked executions</button></form>");
    // one section per experiment, rendered side by side: each is a chain of MinIO, Conductor and MLflow reads
    // (all tasks are submitted from here and joined here: none waits on another inside the pool)
    List<java.util.concurrent.CompletableFuture<String>> parts = new ArrayList<>();
    for (ExperimentConfig c : session.catalog().all()) {
      parts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> section(store, code, c), pool));
      parts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> recent(wf, c) + "</section>", pool));
    }
    for (java.util.concurrent.CompletableFuture<String> part : parts) {
      b.append(await(part));
    }
    return Html.page("Experiments", b.toString());
  }

  /** An experiment's section up to its recent executions: what it is, what its next launch reuses, Launch. */
  private String section(ArtifactStore store, WorkerCode code, ExperimentConfig c) {
    StringBuilder b = new StringBuilder();
    b.append("<section class=\"experiment\" id=\"exp-").append(esc(c.name())).append("\"><h2>")
        .append(esc(c.name())).append("</h2><p>").append(esc(c.description())).append("</p><p>file <code>")
        .append(esc("experiments/" + c.name() + ".yaml")).append("</code> · config hash <code>")
        .append(esc(c.hash())).append("</code></p>");
    b.append("<p>Next launch: ");
    for (CachePreview.Stage s : CachePreview.of(store, c, code)) {
      b.append(esc(s.name())).append(s.reused() ? " <b>reused</b>" : " runs").append(" · ");
    }
    b.append("</p><form class=\"inline\" method=\"post\" action=\"/experiments/").append(esc(c.name()))
        .append("/launch\"><button type=\"submit\" name=\"launch\" id=\"launch-").append(esc(c.name()))
        .append("\">Launch</button></form>");
    return b.toString();
  }

  String experiment(String name) {
    session.catalog().get(name);
    return experiments();
  }

  private String recent(WorkflowClient wf, ExperimentConfig c) {
    List<WorkflowSummary> recent;
    try {
      recent = session.executions().recent(StageKeys.workflowName(c.name()), 5);
    } catch (RuntimeException e) {
      return "<p>No executions yet.</p>";
    }
    if (recent == null || recent.isEmpty()) {
      return "<p>No executions yet.</p>";
    }
    StringBuilder b = new StringBuilder("<table><tr><th></th><th>execution</th><th>status</th><th>started</th>"
        + "<th>CV Dice (mean)</th></tr>");
    for (WorkflowSummary s : recent) {
      b.append("<tr data-execution=\"").append(esc(s.getWorkflowId())).append("\"><td><input type=\"checkbox\" "
          + "form=\"compare\" name=\"id\" value=\"").append(esc(s.getWorkflowId())).append("\" title=\"compare\">"
          + "</td><td><a href=\"/executions/").append(esc(s.getWorkflowId())).append("\">")
          .append(esc(s.getWorkflowId())).append("</a></td><td>").append(Html.status(s.getStatus()))
          .append("</td><td>").append(esc(s.getStartTime())).append("</td><td>");
      if ("COMPLETED".equals(String.valueOf(s.getStatus()))) {
        // a completed execution's Dice does not change: read once (again only if Conductor reruns it)
        Map<String, Double> dice = completedDice.computeIfAbsent(s.getWorkflowId() + "@" + s.getEndTime(),
            key -> cvDice(parentRunId(wf.getWorkflow(s.getWorkflowId(), true))));
        dice.forEach((k, v) -> b.append(esc(k)).append(" ").append(Html.num(v)).append(" "));
      }
      b.append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  /** The parent run's {@code cv.dice_<class>.mean} metrics, by class. */
  Map<String, Double> cvDice(String parentRunId) {
    Map<String, Double> out = new TreeMap<>();
    if (parentRunId == null) {
      return out;
    }
    for (Metric m : mlflow().getRun(parentRunId).getData().getMetricsList()) {
      if (m.getKey().startsWith("cv.dice_") && m.getKey().endsWith(".mean")) {
        out.put(m.getKey().substring("cv.".length(), m.getKey().length() - ".mean".length()), m.getValue());
      }
    }
    return out;
  }

  Launch launch(String name) {
    ExperimentConfig config = session.catalog().get(name);
    workflows();
    try {
      return session.launcher().launch(config, store());
    } catch (IllegalStateException e) {
      throw new Console.Refusal("Not launched", e.getMessage());
    }
  }

  // ---- compare

  String compare(List<String> ids) {
    List<String> distinct = ids.stream().filter(i -> i != null && !i.isBlank()).distinct().toList();
    if (distinct.size() < 2) {
      throw new io.javalin.http.BadRequestResponse("pick two or more executions to compare (got "
          + distinct.size() + "): tick them on the experiments page, or open /compare?id=<id>&id=<id>");
    }
    List<Compare.Column> columns = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    List<String> experimentIds = new ArrayList<>();
    for (String id : distinct) {
      Workflow wf = workflow(id);
      String parent = parentRunId(wf);
      Map<String, Double> metrics = new TreeMap<>();
      String exp = null;
      if (parent != null) {
        exp = experimentIdOf(parent);
        for (Metric m : mlflow().getRun(parent).getData().getMetricsList()) {
          metrics.put(m.getKey(), m.getValue());
        }
        runs.add(parent);
        if (!experimentIds.contains(exp)) {
          experimentIds.add(exp);
        }
      }
      columns.add(new Compare.Column(id, String.valueOf(wf.getStatus()), configOf(wf), exp, parent, metrics));
    }
    return Compare.page(columns, links.compare(experimentIds, runs));
  }

  // ---- execution

  void resume(String id) {
    workflows(); // a Conductor that is down is reported as such, not as a refusal
    try {
      session.executions().resume(id); // refuses a running or completed execution, saying why
    } catch (IllegalStateException e) {
      throw new Console.Refusal("Not resumed", e.getMessage());
    }
  }

  void cancel(String id) {
    Workflow wf = workflows().getWorkflow(id, false);
    if (wf.getStatus() != Workflow.WorkflowStatus.RUNNING) {
      throw new Console.Refusal("Not cancelled", "execution " + id + " is " + wf.getStatus()
          + "; only a RUNNING execution can be cancelled");
    }
    workflows().terminateWorkflow(id, "cancelled from the Foldwise console");
  }

  private Workflow workflow(String id) {
    try {
      return workflows().getWorkflow(id, true);
    } catch (StackUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      if (serviceDown() != null) {
        throw e;
      }
      throw new NotFoundResponse("no execution " + id + " in Conductor at " + settings.conductorApiUrl());
    }
  }

  String execution(String id) {
    Workflow wf = workflow(id);
    ExperimentConfig config = configOf(wf);
    Map<String, Object> live = live(wf, config);
    String experiment = String.valueOf(wf.getInput().get("experiment"));
    StringBuilder b = new StringBuilder();
    b.append("<div id=\"execution\" data-id=\"").append(esc(id)).append("\" data-status=\"")
        .append(esc(wf.getStatus())).append("\" data-terminal=\"").append(wf.getStatus().isTerminal())
        .append("\">");
    b.append("<h1>").append(esc(experiment)).append(" · <code>").append(esc(id)).append("</code></h1>");
    b.append("<div id=\"summary\">").append(live.get("summary")).append("</div>");
    b.append("<div id=\"actions\">").append(live.get("actions")).append("</div>");
    b.append("<div id=\"notice\">").append(live.get("notice")).append("</div>");
    b.append("<h2>Workflow</h2><div id=\"diagram\">").append(live.get("diagram")).append("</div>");
    b.append("<h2>Stages</h2><table><thead><tr><th>stage</th><th>status</th><th>start</th><th>duration</th>"
        + "<th>retries</th><th>failure reason</th></tr></thead><tbody id=\"stages\">").append(live.get("stages"))
        .append("</tbody></table>");
    b.append("<h2>Folds</h2><table><thead><tr><th>fold</th><th>status</th><th>training</th><th>last loss</th>"
        + "<th>time per epoch</th><th>ETA</th><th>evaluation</th><th>Dice</th><th>MLflow</th></tr></thead>"
        + "<tbody id=\"folds\">").append(live.get("folds")).append("</tbody></table>");
    b.append(artifacts(wf, config));
    b.append("</div><script src=\"/console/console.js\"></script>");
    return Html.page(experiment + " " + id, b.toString());
  }

  Map<String, Object> live(String id) {
    Workflow wf = workflow(id);
    return live(wf, configOf(wf));
  }

  private Map<String, Object> live(Workflow wf, ExperimentConfig config) {
    String parent = parentRunId(wf);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", String.valueOf(wf.getStatus()));
    out.put("terminal", wf.getStatus().isTerminal());
    out.put("summary", summary(wf, parent));
    out.put("actions", actions(wf));
    List<Workflow> foldWorkflows = new ArrayList<>();
    String folds = folds(wf, config, parent, foldWorkflows);
    String reason = wf.getReasonForIncompletion() == null ? ""
        : "<p class=\"reason\">" + esc(wf.getReasonForIncompletion()) + "</p>";
    List<Workflow> all = new ArrayList<>(List.of(wf));
    all.addAll(foldWorkflows);
    out.put("notice", reason + (wf.getStatus() == Workflow.WorkflowStatus.RUNNING ? waitingForWorkers(all) : ""));
    out.put("stages", stages(wf));
    out.put("folds", folds);
    out.put("diagram", Diagram.svg(wf, config.training().folds()));
    return out;
  }

  private String summary(Workflow wf, String parent) {
    StringBuilder b = new StringBuilder("<p>status ").append(Html.status(wf.getStatus()))
        .append(" · workflow <code>").append(esc(wf.getWorkflowName())).append("</code> · config hash <code>")
        .append(esc(wf.getInput().get("configHash"))).append("</code>");
    if (parent != null) {
      String exp = experimentIdOf(parent);
      b.append(" · <a id=\"mlflow-parent\" href=\"").append(esc(links.run(exp, parent)))
          .append("\">MLflow parent run</a>");
      Map<String, Double> dice = wf.getStatus() == Workflow.WorkflowStatus.COMPLETED ? cvDice(parent) : Map.of();
      if (!dice.isEmpty()) {
        b.append("</p><p id=\"cv-dice\">CV Dice (mean over folds): ");
        dice.forEach((k, v) -> b.append("<span class=\"cv\" data-metric=\"").append(esc(k)).append("\">")
            .append(esc(k)).append(" <b>").append(Html.num(v)).append("</b></span> "));
      }
    }
    String ui = settings.optional("FOLDWISE_CONDUCTOR_UI_URL").orElse(null);
    if (ui != null) {
      b.append(" · <a href=\"").append(esc(ui + "/execution/" + wf.getWorkflowId())).append("\">Conductor UI</a>");
    }
    return b.append("</p>").toString();
  }

  private final Map<String, String> experimentOfRun = new java.util.concurrent.ConcurrentHashMap<>();

  private String experimentIdOf(String runId) {
    return experimentOfRun.computeIfAbsent(runId, r -> mlflow().getRun(r).getInfo().getExperimentId());
  }

  private static String actions(Workflow wf) {
    String id = esc(wf.getWorkflowId());
    return switch (wf.getStatus()) {
      case RUNNING -> "<form class=\"inline\" method=\"post\" action=\"/executions/" + id + "/cancel\">"
          + "<button id=\"cancel\" type=\"submit\">Cancel</button></form>";
      case FAILED, TIMED_OUT, TERMINATED -> "<form class=\"inline\" method=\"post\" action=\"/executions/" + id
          + "/resume\"><button id=\"resume\" type=\"submit\">Resume (reruns only the failed folds)</button></form>";
      default -> "";
    };
  }

  private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
      .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

  private static String stages(Workflow wf) {
    StringBuilder b = new StringBuilder();
    long now = System.currentTimeMillis();
    for (Task t : wf.getTasks()) {
      long start = t.getStartTime();
      long end = t.getEndTime() > 0 ? t.getEndTime() : (t.getStatus().isTerminal() ? start : now);
      Object cached = t.getOutputData() == null ? null : t.getOutputData().get("cached");
      b.append("<tr data-stage=\"").append(esc(t.getReferenceTaskName())).append("\"><td>")
          .append(esc(t.getReferenceTaskName())).append("</td><td>").append(Html.status(t.getStatus()))
          .append(Boolean.TRUE.equals(cached) ? " (reused from cache)" : "").append("</td><td>")
          .append(start > 0 ? esc(TIME.format(java.time.Instant.ofEpochMilli(start))) : "").append("</td><td>")
          .append(start > 0 ? Html.seconds(end - start) : "").append("</td><td>").append(t.getRetryCount())
          .append("</td><td class=\"reason\">").append(esc(t.getReasonForIncompletion())).append("</td></tr>");
    }
    return b.toString();
  }


  /**
   * A notice for each task type the execution waits on (a SCHEDULED task) that no worker has polled for a minute
   * and no worker has finished a task of in this execution for a minute: the execution will not move until a worker
   * for it runs.
   */
  private String waitingForWorkers(List<Workflow> workflows) {
    Map<String, Long> waiting = waitingTypes(workflows);
    if (waiting.isEmpty()) {
      return "";
    }
    TaskClient tasks = new TaskClient(session.conductor());
    long now = System.currentTimeMillis();
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Long> e : waiting.entrySet()) {
      String type = e.getKey();
      long last = 0;
      for (PollData p : tasks.getPollData(type)) {
        last = Math.max(last, p.getLastPollTime());
      }
      if (noWorker(now, last, e.getValue(), pollSilenceMs)) {
        b.append("<p class=\"reason\" data-no-worker=\"").append(esc(type)).append("\">No worker is polling <code>")
            .append(esc(type)).append("</code> (").append(last == 0 ? "never polled" : "last poll "
                + Html.seconds(now - last) + " ago").append(") and none is working on this execution, so it waits. "
                + "If no worker runs (or all are busy with other executions), start them: "
                + "<code>./foldwise stack up --workers --profile ").append(esc(settings.profile()))
            .append("</code>, or run more on another host.</p>");
      }
    }
    return b.toString();
  }

  /**
   * The task types these workflows wait on (a SCHEDULED task, and none of the type IN_PROGRESS: a busy worker does not
   * poll, so it is not a missing one), each with the last time a worker finished a task of the type in them (its end
   * or last update; 0 when none did). A single-threaded worker's last poll is as old as the task it has just
   * finished, so between two long tasks only this says it is alive.
   */
  static Map<String, Long> waitingTypes(List<Workflow> workflows) {
    Map<String, Long> waiting = new TreeMap<>();
    java.util.Set<String> working = new java.util.HashSet<>();
    Map<String, Long> finished = new java.util.HashMap<>();
    for (Workflow w : workflows) {
      for (Task t : w.getTasks()) {
        String type = t.getTaskType();
        if (type == null || !type.startsWith("foldwise_")) {
          continue;
        }
        if (t.getStatus() == Task.Status.SCHEDULED) {
          waiting.put(type, 0L);
        } else if (t.getStatus() == Task.Status.IN_PROGRESS) {
          working.add(type);
        } else if (t.getWorkerId() != null) {
          finished.merge(type, Math.max(t.getEndTime(), t.getUpdateTime()), Math::max);
        }
      }
    }
    waiting.keySet().removeAll(working);
    waiting.replaceAll((type, none) -> finished.getOrDefault(type, 0L));
    return waiting;
  }

  /** Whether no worker of a type has shown itself for longer than {@code silenceMs}: no poll and no task finished. */
  static boolean noWorker(long now, long lastPoll, long lastFinished, long silenceMs) {
    return now - Math.max(lastPoll, lastFinished) > silenceMs;
  }

  private String folds(Workflow wf, ExperimentConfig config, String parent, List<Workflow> foldWorkflows) {
    StringBuilder b = new StringBuilder();
    int epochs = config.training().epochs();
    ArtifactStore store = store();
    WorkflowClient conductor = workflows();
    // the fold runs, each fold's sub-workflow and epoch history are read side by side, then rendered in order
    java.util.concurrent.CompletableFuture<Map<String, String>> runs =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> foldRuns(parent), pool);
    int folds = config.training().folds();
    List<java.util.concurrent.CompletableFuture<Workflow>> foldReads = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<List<Map<String, Object>>>> historyReads = new ArrayList<>();
    for (int k = 0; k < folds; k++) {
      Task foldTask = last(wf, "fold_" + k);
      int fold = k;
      foldReads.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> foldTask == null
          || foldTask.getSubWorkflowId() == null ? null : conductor.getWorkflow(foldTask.getSubWorkflowId(), true), pool));
      historyReads.add(java.util.concurrent.CompletableFuture.supplyAsync(
          () -> FoldFiles.readHistory(store, config, fold), pool));
    }
    Map<String, String> foldRuns = await(runs);
    for (int k = 0; k < folds; k++) {
      Task foldTask = last(wf, "fold_" + k);
      Workflow fold = await(foldReads.get(k));
      if (fold != null) {
        foldWorkflows.add(fold);
      }
      Task train = fold == null ? null : last(fold, "train");
      Task eval = fold == null ? null : last(fold, "evaluate");
      List<Map<String, Object>> history = await(historyReads.get(k));
      int done = history.isEmpty() ? 0 : ((Number) history.get(history.size() - 1).get("epoch")).intValue();
      Object loss = history.isEmpty() ? null : ((Map<?, ?>) history.get(history.size() - 1).get("metrics")).get("loss");
      long perEpoch = -1;
      if (history.size() >= 2) {
        long first = ((Number) history.get(0).get("timestamp")).longValue();
        long lastTs = ((Number) history.get(history.size() - 1).get("timestamp")).longValue();
        perEpoch = (lastTs - first) / (history.size() - 1);
      } else if (history.size() == 1 && train != null && train.getStartTime() > 0) { // the first epoch of this attempt
        perEpoch = Math.max(0, ((Number) history.get(0).get("timestamp")).longValue() - train.getStartTime());
      }
      boolean training = train != null && !train.getStatus().isTerminal();
      String status = fold == null ? (foldTask == null ? "PENDING" : String.valueOf(foldTask.getStatus()))
          : String.valueOf(fold.getStatus());
      b.append("<tr data-fold=\"").append(k).append("\" data-status=\"").append(esc(status))
          .append("\" data-epoch=\"").append(done).append("\"><td>").append(k).append("</td><td>")
          .append(Html.status(status));
      // the innermost reason (the failed task's own words), not Conductor's wrapping of it
      String reason = failedReason(train) != null ? failedReason(train) : failedReason(eval) != null
          ? failedReason(eval) : fold != null && fold.getReasonForIncompletion() != null
          ? fold.getReasonForIncompletion() : foldTask != null ? foldTask.getReasonForIncompletion() : null;
      if (reason != null && !reason.isBlank() && !"COMPLETED".equals(status)) {
        b.append("<div class=\"reason\">").append(esc(reason)).append("</div>");
      }
      if (train != null && train.getStatus() == Task.Status.SCHEDULED) {
        b.append(" <small class=\"queued\">queued for a train worker</small>");
      }
      b.append("</td><td><span class=\"bar\"><span style=\"width:").append(epochs == 0 ? 0 : 100 * done / epochs)
          .append("%\"></span></span> epoch ").append(done).append(" of ").append(epochs).append("</td><td>")
          .append(Html.num(loss)).append("</td><td>").append(perEpoch >= 0 ? Html.seconds(perEpoch) : "")
          .append("</td><td>").append(training && perEpoch >= 0 ? Html.seconds(perEpoch * (epochs - done)) : "")
          .append("</td><td>").append(eval == null ? "" : Html.status(eval.getStatus())).append("</td><td class=\"dice\">");
      Object dice = eval == null || eval.getOutputData() == null ? null : eval.getOutputData().get("diceMedian");
      if (dice instanceof Map<?, ?> byClass) {
        byClass.forEach((name, v) -> b.append("<span class=\"dice\" data-class=\"").append(esc(name))
            .append("\">").append(esc(name)).append(" ").append(Html.num(v)).append("</span><br>"));
      }
      b.append("</td><td>");
      String run = foldRuns.get("fold_" + k);
      if (run != null) {
        b.append("<a href=\"").append(esc(links.run(experimentIdOf(parent), run))).append("\">fold run</a>");
      }
      b.append("</td></tr>");
    }
    if (foldRuns.size() >= 2) {
      b.append("<tr><td colspan=\"9\"><a id=\"mlflow-compare-folds\" href=\"")
          .append(esc(links.compare(List.of(experimentIdOf(parent)), new ArrayList<>(foldRuns.values()))))
          .append("\">Compare the folds in MLflow</a></td></tr>");
    }
    return b.toString();
  }

  private static final java.util.regex.Pattern FOLD_RUN = java.util.regex.Pattern.compile("/fold-(\\d+)$");

  /** The fold runs (nested under the parent run) by fold task name ({@code fold_<k>}). */
  private Map<String, String> foldRuns(String parent) {
    Map<String, String> out = new TreeMap<>();
    if (parent == null) {
      return out;
    }
    String exp = experimentIdOf(parent);
    for (org.mlflow.api.proto.Service.RunInfo r
        : mlflow().searchRuns(List.of(exp), "tags.`mlflow.parentRunId` = '" + parent + "'")) {
      java.util.regex.Matcher m = FOLD_RUN.matcher(r.getRunName()); // <experiment>/<config-hash>/fold-<k>
      if (m.find()) {
        out.put("fold_" + m.group(1), r.getRunId());
      }
    }
    return out;
  }

  /**
   * The execution's pictures, served through the console from MinIO: the exploration plots (the prefixes its
   * tasks report), the loss curves of the aggregate stage and each fold's evaluation overlays.
   */
  private String artifacts(Workflow wf, ExperimentConfig config) {
    Map<String, String> groups = new LinkedHashMap<>(); // heading -> prefix
    for (Task t : wf.getTasks()) {
      if (t.getOutputData() == null) {
        continue;
      }
      for (Map.Entry<String, Object> e : t.getOutputData().entrySet()) {
        if (e.getValue() instanceof String v && e.getKey().endsWith("Prefix") && !v.isBlank()) {
          String prefix = v.startsWith("s3://") ? ArtifactStore.keyOf(v) : v;
          groups.putIfAbsent(t.getReferenceTaskName(), prefix.endsWith("/") ? prefix : prefix + "/");
        }
      }
    }
    groups.put("curves (training and validation, per fold)", StageKeys.runPrefix(config) + "/plots/");
    for (int k = 0; k < config.training().folds(); k++) {
      groups.put("fold " + k + " overlays", FoldFiles.overlayPrefix(config, k) + "/");
    }
    ArtifactStore store = store();
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> g : groups.entrySet()) {
      List<String> images = new ArrayList<>();
      for (ObjectInfo o : store.list(g.getValue())) {
        if ((o.key().endsWith(".png") || o.key().endsWith(".svg")) && images.size() < 12) {
          images.add(o.key());
        }
      }
      if (images.isEmpty()) {
        continue;
      }
      b.append("<h3>").append(esc(g.getKey())).append("</h3><div class=\"imgs\" data-group=\"").append(esc(g.getKey()))
          .append("\">");
      for (String key : images) {
        b.append("<a href=\"/artifacts/").append(esc(key)).append("\"><img alt=\"").append(esc(key))
            .append("\" src=\"/artifacts/").append(esc(key)).append("\"></a>");
      }
      b.append("</div>");
    }
    return b.length() == 0 ? "" : "<h2>Plots, overlays and curves</h2>" + b;
  }

  void artifact(Context ctx) {
    String key = ctx.pathParam("key");
    if (key.contains("..") || !key.startsWith(StageKeys.class.getSimpleName().isEmpty() ? "" : "")) {
      throw new NotFoundResponse("no artifact " + key);
    }
    ArtifactStore store = store();
    if (!store.exists(key)) {
      throw new NotFoundResponse("no artifact " + key + " in bucket " + store.bucket());
    }
    ctx.contentType(key.endsWith(".png") ? "image/png" : key.endsWith(".svg") ? "image/svg+xml"
        : key.endsWith(".json") ? "application/json" : key.endsWith(".csv") ? "text/csv" : "application/octet-stream");
    ctx.result(store.getBytes(key));
  }

  /**
   * The config an execution ran with: the literal its {@code experiment} task resolved (so an execution of a file
   * outside {@code experiments/}, or of a file changed since, shows what it really ran), else the catalogue's.
   */
  ExperimentConfig configOf(Workflow wf) {
    Task t = last(wf, "experiment");
    Object result = t == null || t.getOutputData() == null ? null : t.getOutputData().get("result");
    if (result instanceof Map<?, ?> m && !m.isEmpty()) {
      @SuppressWarnings("unchecked")
      Map<String, ?> map = (Map<String, ?>) m;
      return ExperimentConfig.fromMap(map, "execution " + wf.getWorkflowId());
    }
    return session.catalog().get(String.valueOf(wf.getInput().get("experiment")));
  }

  /** The value of a read done in the pool; its failure as thrown there (a service down, a missing object). */
  private static <T> T await(java.util.concurrent.CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static String failedReason(Task t) {
    return t == null || !t.getStatus().isTerminal() || t.getStatus() == Task.Status.COMPLETED ? null
        : t.getReasonForIncompletion();
  }

  static Task last(Workflow wf, String ref) {
    Task found = null;
    for (Task t : wf.getTasks()) {
      if (t.getReferenceTaskName().equals(ref)) {
        found = t;
      }
    }
    return found;
  }

  static String parentRunId(Workflow wf) {
    Object out = wf.getOutput() == null ? null : wf.getOutput().get("parentRunId");
    if (out instanceof String s && !s.isBlank()) {
      return s;
    }
    Task download = last(wf, "download");
    Object id = download == null || download.getOutputData() == null ? null
        : download.getOutputData().get("parentRunId");
    return id instanceof String s && !s.isBlank() ? s : null;
  }
}
