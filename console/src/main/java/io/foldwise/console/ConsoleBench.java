package io.foldwise.console;

import com.netflix.conductor.client.http.WorkflowClient;
import com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.workflows.Registration;
import io.foldwise.workflows.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./foldwise console bench [--executions N] [--completed C] [--repeat R] [--experiment E]}: render time of
 * the experiments page and of a completed execution's page on a stack that holds N past executions of experiment
 * E (default phantom-smoke, 200). It tops the stack up to N executions: terminated ones started and stopped at once
 * (no worker needed), then C real ones run to COMPLETED (default 5, the newest, so the experiments page shows only
 * completed rows, its costliest case: each reads its parent run's Dice from MLflow). Needs the profile's stack with
 * its workers ({@code ./foldwise stack up --workers}). Prints median and 90th percentile of R timed requests each,
 * after warm-up, through a console started in this process on a free loopback port.
 */
final class ConsoleBench {
  private ConsoleBench() {}

  static void main(String[] args) throws Exception {
    int executions = 200;
    int completed = 5;
    int repeat = 30;
    String name = "phantom-smoke";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--executions" -> executions = Integer.parseInt(args[++i]);
        case "--completed" -> completed = Integer.parseInt(args[++i]);
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--experiment" -> name = args[++i];
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; usage: ./foldwise console bench [--executions N] [--completed C] [--repeat R] [--experiment E]");
      }
    }
    Settings settings = Settings.load();
    try (Session session = new Session(settings)) {
      ExperimentConfig config = session.catalog().get(name);
      WorkflowClient workflows = new WorkflowClient(session.conductor());
      Registration.register(session.conductor(), session.definitions(), List.of(config));
      String workflow = StageKeys.workflowName(name);
      int have = (int) session.executions().search(workflow, executions + 1).getTotalHits();
      int seed = Math.max(0, executions - completed - have);
      System.out.printf("stack %s: %d executions of %s; seeding %d terminated and running %d to COMPLETED%n",
          settings.profile(), have, workflow, seed, completed);
      for (int i = 0; i < seed; i++) {
        StartWorkflowRequest r = new StartWorkflowRequest();
        r.setName(workflow);
        r.setVersion(1);
        r.setCorrelationId(config.identity() + "/bench-" + i);
        r.setInput(Map.of("experiment", name, "configHash", config.hash()));
        String id = workflows.startWorkflow(r);
        workflows.terminateWorkflow(id, "console bench: a past execution");
        if ((i + 1) % 50 == 0) {
          System.out.printf("  %d/%d seeded%n", i + 1, seed);
        }
      }
      String last = null;
      for (int i = 0; i < completed; i++) {
        String id = session.launcher().launch(config, session.store()).workflowId();
        Workflow end = session.launcher().await(id, Duration.ofMinutes(30), line -> { });
        if (end.getStatus() != Workflow.WorkflowStatus.COMPLETED) {
          throw new IllegalStateException("execution " + id + " ended " + end.getStatus() + ": "
              + end.getReasonForIncompletion());
        }
        last = id;
        System.out.printf("  %d/%d completed (%s)%n", i + 1, completed, id);
      }
      if (last == null) {
        last = session.executions().recent(workflow, 1).get(0).getWorkflowId();
      }
      int total = (int) session.executions().search(workflow, executions + 1).getTotalHits();
      try (Console console = new Console(settings, "127.0.0.1", 0, null).start()) {
        HttpClient http = HttpClient.newHttpClient();
        System.out.printf("%d executions of %s on the stack; %d timed requests per page after 5 warm-up%n",
            total, workflow, repeat);
        System.out.println("| page | first request ms | median ms | p90 ms | bytes |");
        System.out.println("| --- | --- | --- | --- | --- |");
        time(http, console.url() + "/", "experiments (/)", repeat);
        time(http, console.url() + "/executions/" + last, "execution (completed, " + config.training().folds()
            + " folds)", repeat);
        time(http, console.url() + "/executions/" + last + "/live", "execution live update (JSON)", repeat);
      }
    }
  }

  private static void time(HttpClient http, String url, String label, int repeat) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
    int bytes = 0;
    double first = -1; // the console's first render of the page: nothing cached yet in this process
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      bytes = check(http.send(request, HttpResponse.BodyHandlers.ofString()), url).length();
      first = first < 0 ? (System.nanoTime() - t0) / 1e6 : first;
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      check(http.send(request, HttpResponse.BodyHandlers.ofString()), url);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    Collections.sort(ms);
    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d |%n", label, first, ms.get(ms.size() / 2),
        ms.get((int) Math.ceil(ms.size() * 0.9) - 1), bytes);
  }

  private static String check(HttpResponse<String> r, String url) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
