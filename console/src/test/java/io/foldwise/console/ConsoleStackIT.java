package io.foldwise.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.testing.TestStack;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.workflows.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.tracking.MlflowClient;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a user meets it: started by the stack scripts ({@code ./foldwise stack console up}) on the real
 * test stack, with the worker services started by {@code ./foldwise stack workers up}, driven in Debian's
 * Chromium. Launch phantom-smoke and watch its folds advance to COMPLETED with the Dice MLflow holds; a fold
 * that fails shows why and Resume completes the execution; the compare page shows a changed setting.
 * Runs after {@code package} (failsafe), because the stack starts the console from its built jar. Every test
 * saves a screenshot under {@code console/target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleStackIT {
  private static Settings settings;
  private static Session session;
  private static ChromeDriver browser;
  private static String consoleUrl;
  private static final List<String> executions = new ArrayList<>();
  /** Set when an execution page said no worker polls while we watched it (the workers were running). */
  private static volatile String noWorkerNotice;

  @BeforeAll
  static void stackWithConsoleAndWorkers() throws Exception {
    settings = TestStack.settings();
    session = new Session(settings);
    String up = stack(Map.of(), "console", "up");
    consoleUrl = settings.consoleUrl();
    assertTrue(up.contains("console: " + consoleUrl), up);
    String status = stack(Map.of(), "status");
    assertTrue(status.lines().anyMatch(l -> l.startsWith("Console") && l.contains(" running ")
        && l.contains(consoleUrl)), status);
    stack(Map.of(), "workers", "up");
    // an execution of phantom-smoke left running by an interrupted earlier run would refuse our launches
    WorkflowClient workflows = new WorkflowClient(session.conductor());
    for (String id : workflows.getRunningWorkflow(StageKeys.workflowName("phantom-smoke"), 1)) {
      workflows.terminateWorkflow(id, "left running by an interrupted test run");
    }
    browser = ConsoleBrowserTest.chromium();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    stack(Map.of(), "workers", "down");
    stack(Map.of(), "console", "down");
    session.close();
  }

  /** Runs {@code stack/stack.sh <args> --profile <test profile>} as a user would; returns its output. */
  static String stack(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(settings.root().resolve("stack/stack.sh").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("--profile", settings.profile()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(settings.root().toFile()).redirectErrorStream(true);
    pb.environment().put("FOLDWISE_NO_BUILD", "1"); // Maven has just built the jars the services start from
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "stack.sh " + String.join(" ", args) + " hung: " + out);
    assertEquals(0, p.exitValue(), "stack.sh " + String.join(" ", args) + " failed:\n" + out);
    return out;
  }

  /**
   * Each fold row's epoch, read in one script call: the page replaces its rows every 2 s, so elements found in
   * one call may be gone by the next.
   */
  private static Map<Integer, Integer> foldEpochs() {
    Object notice = browser.executeScript("var n = document.querySelector('#notice [data-no-worker]');"
        + " return n ? n.textContent : null;");
    if (notice != null) {
      noWorkerNotice = String.valueOf(notice);
    }
    Object rows = browser.executeScript("return Array.from(document.querySelectorAll('#folds tr[data-fold]'))"
        + ".map(r => [r.getAttribute('data-fold'), r.getAttribute('data-epoch')]);");
    Map<Integer, Integer> out = new TreeMap<>();
    for (Object row : (List<?>) rows) {
      List<?> cells = (List<?>) row;
      out.put(Integer.parseInt(String.valueOf(cells.get(0))), Integer.parseInt(String.valueOf(cells.get(1))));
    }
    return out;
  }

  private static String statusOf() {
    return browser.findElement(By.id("execution")).getAttribute("data-status");
  }

  /** Watches the open execution page (live updates, no reloads) until it ends; returns the fold epochs seen. */
  private static Map<Integer, TreeSet<Integer>> watchUntilEnd(Duration timeout) throws Exception {
    Map<Integer, TreeSet<Integer>> seen = new TreeMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    Object marker = browser.executeScript("window.__notReloaded = true; return true;");
    assertEquals(Boolean.TRUE, marker);
    while (true) {
      foldEpochs().forEach((k, e) -> seen.computeIfAbsent(k, x -> new TreeSet<>()).add(e));
      String status = statusOf();
      if (!status.equals("RUNNING") && !status.equals("PAUSED")) {
        assertEquals(Boolean.TRUE, browser.executeScript("return window.__notReloaded === true;"),
            "the page reloaded; it should update in place");
        return seen;
      }
      assertTrue(System.nanoTime() < deadline, "execution still " + status + " after " + timeout + ": "
          + browser.findElement(By.tagName("main")).getText());
      Thread.sleep(500);
    }
  }

  /** The id of the execution page the browser shows once a Launch or Resume has brought it there. */
  private static String executionId() {
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().contains("/executions/")
        && !d.findElements(By.id("execution")).isEmpty());
    return browser.findElement(By.id("execution")).getAttribute("data-id");
  }

  private static Map<String, Double> parentRunDice(String workflowId) {
    Workflow wf = new WorkflowClient(session.conductor()).getWorkflow(workflowId, true);
    String parent = Pages.parentRunId(wf);
    assertNotNull(parent, "no parent run for " + workflowId);
    Map<String, Double> out = new TreeMap<>();
    for (Metric m : new MlflowClient(settings.mlflowUrl()).getRun(parent).getData().getMetricsList()) {
      if (m.getKey().startsWith("cv.dice_") && m.getKey().endsWith(".mean")) {
        out.put(m.getKey().substring(3, m.getKey().length() - 5), m.getValue());
      }
    }
    return out;
  }

  @Test
  @Order(1)
  void theExperimentsPageListsEveryNamedExperiment() throws Exception {
    browser.get(consoleUrl + "/");
    ConsoleBrowserTest.screenshot(browser, "experiments");
    List<String> shown = browser.findElements(By.cssSelector("section.experiment h2")).stream()
        .map(WebElement::getText).toList();
    List<String> named = session.catalog().all().stream().map(ExperimentConfig::name).toList();
    assertEquals(new TreeSet<>(named), new TreeSet<>(shown));
    assertTrue(named.contains("phantom-smoke"), named.toString());
    String section = browser.findElement(By.id("exp-phantom-smoke")).getText();
    assertTrue(section.contains(session.catalog().get("phantom-smoke").hash()), section);
  }

  @Test
  @Order(2)
  void launchShowsFoldsAdvancingToCompletedWithMlflowsDice() throws Exception {
    ExperimentConfig smoke = session.catalog().get("phantom-smoke");
    session.store().deletePrefix(StageKeys.runPrefix(smoke) + "/"); // the folds train, not reused from the cache
    browser.get(consoleUrl + "/");
    browser.findElement(By.id("launch-phantom-smoke")).click();
    String id = executionId();
    executions.add(id);

    Map<Integer, TreeSet<Integer>> seen = new TreeMap<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (seen.values().stream().noneMatch(e -> e.stream().anyMatch(x -> x > 0 && x < smoke.training().epochs()))
        && System.nanoTime() < deadline && statusOf().equals("RUNNING")) {
      foldEpochs().forEach((k, e) -> seen.computeIfAbsent(k, x -> new TreeSet<>()).add(e));
      Thread.sleep(300);
    }
    ConsoleBrowserTest.screenshot(browser, "execution-training");
    watchUntilEnd(Duration.ofMinutes(12)).forEach((k, v) -> seen.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
    browser.navigate().refresh(); // the final state as the server renders it (live updates have stopped)
    ConsoleBrowserTest.screenshot(browser, "execution-completed");
    assertEquals(null, noWorkerNotice, "the page said no worker polls, with the workers running (a busy worker)");
    String page = browser.findElement(By.tagName("main")).getText();
    assertEquals("COMPLETED", statusOf(), page);

    int epochs = smoke.training().epochs();
    assertEquals(smoke.training().folds(), seen.size(), "fold rows: " + seen);
    for (Map.Entry<Integer, TreeSet<Integer>> fold : seen.entrySet()) {
      assertEquals(epochs, fold.getValue().last(), "fold " + fold.getKey() + " ended at epoch " + fold.getValue());
    }
    assertTrue(seen.values().stream().anyMatch(e -> e.stream().anyMatch(x -> x > 0 && x < epochs)),
        "no fold was seen between its first and last epoch; epochs seen per fold: " + seen);
    for (WebElement row : browser.findElements(By.cssSelector("#folds tr[data-fold]"))) {
      assertEquals("COMPLETED", row.getAttribute("data-status"), row.getText());
      assertTrue(row.getText().contains("epoch " + epochs + " of " + epochs), row.getText());
      assertFalse(row.findElements(By.cssSelector("span.dice[data-class=infection]")).isEmpty(), row.getText());
      String foldRun = row.findElement(By.linkText("fold run")).getAttribute("href");
      assertTrue(foldRun.startsWith(settings.mlflowUrl() + "/#/experiments/"), foldRun);
    }
    // the curves and overlays, served from MinIO through the console, load as pictures in the browser
    for (String group : List.of("curves (training and validation, per fold)", "fold 0 overlays")) {
      List<WebElement> images = browser.findElements(By.cssSelector(".imgs[data-group='" + group + "'] img"));
      assertFalse(images.isEmpty(), "no pictures in group " + group);
      for (WebElement img : images) {
        Object width = browser.executeScript("return arguments[0].complete ? arguments[0].naturalWidth : -1;", img);
        assertTrue(((Number) width).intValue() > 0, "picture did not load: " + img.getAttribute("src"));
      }
    }

    Map<String, Double> shown = new TreeMap<>();
    for (WebElement cv : browser.findElements(By.cssSelector("#cv-dice span.cv"))) {
      shown.put(cv.getAttribute("data-metric"), Double.parseDouble(cv.findElement(By.tagName("b")).getText()));
    }
    Map<String, Double> mlflow = parentRunDice(id);
    assertEquals(mlflow.keySet(), shown.keySet());
    assertTrue(mlflow.keySet().containsAll(List.of("dice_lung_L", "dice_lung_R", "dice_infection", "dice_lungs")),
        mlflow.toString());
    mlflow.forEach((k, v) -> assertEquals(v, shown.get(k), 5e-5, k));
    String href = browser.findElement(By.id("mlflow-parent")).getAttribute("href");
    assertTrue(href.startsWith(settings.mlflowUrl() + "/#/experiments/"), href);
  }

  @Test
  @Order(3)
  void aFailedFoldShowsItsReasonAndResumeCompletesTheExecution() throws Exception {
    stack(Map.of(), "workers", "down");
    stack(Map.of("FOLDWISE_FAULT_FAIL_FOLDS", "1"), "workers", "up");
    String id;
    try {
      browser.get(consoleUrl + "/");
      browser.findElement(By.id("launch-phantom-smoke")).click();
      id = executionId();
      executions.add(id);
      watchUntilEnd(Duration.ofMinutes(8));
    } finally {
      stack(Map.of(), "workers", "down");
      stack(Map.of(), "workers", "up");
    }
    ConsoleBrowserTest.screenshot(browser, "execution-failed");
    assertEquals("FAILED", statusOf(), browser.findElement(By.tagName("main")).getText());
    WebElement fold1 = browser.findElement(By.cssSelector("#folds tr[data-fold='1']"));
    assertTrue(fold1.getText().contains("fold 1: fault injected by FOLDWISE_FAULT_FAIL_FOLDS=1"), fold1.getText());
    assertEquals("COMPLETED", browser.findElement(By.cssSelector("#folds tr[data-fold='0']")).getAttribute("data-status"));

    browser.findElement(By.id("resume")).click();
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !"FAILED".equals(statusOf()));
    assertEquals(id, executionId());
    watchUntilEnd(Duration.ofMinutes(8));
    ConsoleBrowserTest.screenshot(browser, "execution-resumed");
    assertEquals("COMPLETED", statusOf(), browser.findElement(By.tagName("main")).getText());
    assertEquals("COMPLETED", browser.findElement(By.cssSelector("#folds tr[data-fold='1']")).getAttribute("data-status"));
    assertTrue(browser.findElements(By.id("resume")).isEmpty(), "a completed execution offers no Resume");
  }

  @Test
  @Order(4)
  void resumeOfAnExecutionThatIsNotFailedIsRefusedWithAReason() throws Exception {
    assertFalse(executions.isEmpty());
    String id = executions.get(0);
    // a form such as an old tab would post (the page itself offers no Resume for a completed execution)
    browser.get(consoleUrl + "/executions/" + id);
    browser.executeScript("var f = document.createElement('form'); f.method = 'post'; f.action = '/executions/"
        + id + "/resume'; document.body.appendChild(f); f.submit();");
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("execution")).isEmpty());
    String text = browser.findElement(By.tagName("main")).getText();
    ConsoleBrowserTest.screenshot(browser, "resume-refused");
    assertTrue(text.contains("Not resumed") && text.contains("COMPLETED"), text);
  }

  @Test
  @Order(5)
  void theComparePageShowsTheChangedSettingsAndBothMetrics() throws Exception {
    // ticked on the experiments page: two executions of the same config differ in no setting
    browser.get(consoleUrl + "/");
    for (String id : executions) {
      browser.findElement(By.cssSelector("input[type=checkbox][value='" + id + "']")).click();
    }
    browser.findElement(By.id("compare-selected")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/compare?"));
    assertFalse(browser.findElements(By.id("no-differences")).isEmpty(), browser.findElement(By.tagName("main")).getText());

    // an execution of a changed copy of phantom-smoke (as `./foldwise run my-copy.yaml` would start it)
    ExperimentConfig smoke = session.catalog().get("phantom-smoke");
    Map<String, Object> map = new HashMap<>(smoke.toMap());
    map.put("name", "phantom-smoke-short");
    @SuppressWarnings("unchecked")
    Map<String, Object> training = new HashMap<>((Map<String, Object>) map.get("training"));
    training.put("epochs", 2);
    map.put("training", training);
    ExperimentConfig shorter = ExperimentConfig.fromMap(map, "phantom-smoke-short (test)");
    String other = session.launcher().launch(shorter, session.store()).workflowId();
    Workflow done = session.launcher().await(other, Duration.ofMinutes(10), line -> { });
    assertEquals(Workflow.WorkflowStatus.COMPLETED, done.getStatus());

    browser.get(consoleUrl + "/compare?id=" + executions.get(0) + "&id=" + other);
    ConsoleBrowserTest.screenshot(browser, "compare");
    List<String> changed = browser.findElements(By.cssSelector("#config-diff tr[data-key]")).stream()
        .map(r -> r.getAttribute("data-key")).toList();
    assertEquals(List.of("name", "training.epochs"), changed);
    String epochsRow = browser.findElement(By.cssSelector("#config-diff tr[data-key='training.epochs']")).getText();
    assertTrue(epochsRow.contains(String.valueOf(smoke.training().epochs())) && epochsRow.contains("2"), epochsRow);
    WebElement infection = browser.findElement(By.cssSelector("#metrics tr[data-metric='dice_infection']"));
    List<WebElement> cells = infection.findElements(By.cssSelector("td .mean"));
    assertEquals(2, cells.size(), infection.getText());
    assertEquals(parentRunDice(executions.get(0)).get("dice_infection"), Double.parseDouble(cells.get(0).getText()), 5e-5);
    assertEquals(parentRunDice(other).get("dice_infection"), Double.parseDouble(cells.get(1).getText()), 5e-5);
    assertTrue(infection.getText().contains("±") && infection.getText().contains("median"), infection.getText());
    String mlflowCompare = browser.findElement(By.id("mlflow-compare")).getAttribute("href");
    assertTrue(mlflowCompare.startsWith(settings.mlflowUrl() + "/#/compare-runs?runs="), mlflowCompare);
  }

  @Test
  @Order(8)
  void anExecutionThatNoWorkerPicksUpSaysSo() throws Exception {
    stack(Map.of(), "workers", "down");
    ExperimentConfig smoke = session.catalog().get("phantom-smoke");
    Map<String, Object> map = new HashMap<>(smoke.toMap());
    map.put("name", "phantom-smoke-no-worker");
    ExperimentConfig orphan = ExperimentConfig.fromMap(map, "phantom-smoke-no-worker (test)");
    try (Console console = new Console(settings.with("FOLDWISE_CONSOLE_POLL_SILENCE_SECONDS", "2"), "127.0.0.1", 0,
        null).start()) {
      String id = session.launcher().launch(orphan, session.store()).workflowId();
      try {
        Thread.sleep(3000);
        browser.get(console.url() + "/executions/" + id);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(
            By.cssSelector("#notice [data-no-worker='foldwise_download']")).isEmpty());
        ConsoleBrowserTest.screenshot(browser, "no-worker");
        String notice = browser.findElement(By.id("notice")).getText();
        assertTrue(notice.contains("No worker is polling foldwise_download") && notice.contains("./foldwise stack up "
            + "--workers --profile " + settings.profile()), notice);
      } finally {
        new WorkflowClient(session.conductor()).terminateWorkflow(id, "test done");
      }
    }
  }

  /**
   * {@code stack workers up} runs each worker under {@code stack/supervise.sh}: a worker JVM killed with SIGKILL,
   * as the kernel's OOM killer does, is started again and polls Conductor under its new pid.
   */
  @Test
  @Order(6)
  void aWorkerTheKernelKillsIsStartedAgainAndPollsAgain() throws Exception {
    Path run = settings.dataDir().resolve("run");
    long supervisor = Long.parseLong(Files.readString(run.resolve("worker-train.pid")).trim());
    ProcessHandle jvm = trainJvm(supervisor);
    long killedAt = System.currentTimeMillis();
    assertTrue(jvm.destroyForcibly(), "SIGKILL to the train worker " + jvm.pid());
    jvm.onExit().get(30, TimeUnit.SECONDS);
    TaskClient tasks = new TaskClient(session.conductor());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    ProcessHandle again = null;
    boolean polled = false;
    while (System.nanoTime() < deadline && !polled) {
      Thread.sleep(1000);
      again = trainJvm(supervisor);
      if (again != null && again.pid() != jvm.pid()) {
        String suffix = "/" + again.pid();
        polled = tasks.getPollData("foldwise_train").stream()
            .anyMatch(d -> d.getWorkerId() != null && d.getWorkerId().endsWith(suffix) && d.getLastPollTime() > killedAt);
      }
    }
    assertTrue(polled, "no new train worker polled foldwise_train within 120 s of the kill; log:\n"
        + Files.readString(settings.dataDir().resolve("logs/worker-train.log")));
    String status = stack(Map.of(), "status");
    assertTrue(status.lines().anyMatch(l -> l.startsWith("worker train") && l.contains("running, restarted 1x")
        && l.contains(" " + supervisor + " ")), status);
    String log = Files.readString(settings.dataDir().resolve("logs/worker-train.log"));
    assertTrue(log.contains("foldwise supervise worker-train: the worker (pid " + jvm.pid() + ") killed by SIGKILL"),
        log);
  }

  /** The train worker's JVM under its supervisor, or null while it is being started again. */
  private static ProcessHandle trainJvm(long supervisor) {
    return ProcessHandle.of(supervisor).orElseThrow(() -> new AssertionError("the supervisor " + supervisor + " is gone"))
        .children().filter(h -> h.info().commandLine().orElse("").contains("io.foldwise.worker.train.Main"))
        .findFirst().orElse(null);
  }

  @Test
  @Order(7)
  void foldwiseExperimentsOpenInMlflowsModelTrainingView() throws Exception {
    try (Tracking tracking = Tracking.connect(settings)) {
      assertEquals(Tracking.MODEL_TRAINING, tracking.experimentTags("phantom-smoke").get(Tracking.EXPERIMENT_KIND_TAG));
    }
  }
}
