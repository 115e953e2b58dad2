package io.foldwise.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.WorkflowClient;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.config.StackUnavailableException;
import io.foldwise.runtime.experiment.ExperimentConfigException;
import io.foldwise.workflows.Launch;
import io.foldwise.workflows.Session;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Foldwise console: a small embedded web server (Javalin on Jetty) with server-rendered pages for the
 * named experiments and their executions. It reaches Conductor, MinIO and MLflow with the worker runtime's
 * clients and its own settings; the browser sees only the console.
 */
public final class Console implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Console.class);
  static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final Session session;
  private final Pages pages;
  private final Guard guard;
  private final String host;
  private final int requestedPort;
  private Javalin app;

  public Console(Settings settings, String host, int port, String token) {
    this.settings = settings;
    this.session = new Session(settings);
    this.pages = new Pages(settings, session);
    this.guard = new Guard(host, token);
    this.host = host;
    this.requestedPort = port;
  }

  /** The console of a profile: host, port and token from FOLDWISE_CONSOLE_HOST/_PORT/_TOKEN. */
  public static Console of(Settings settings) {
    String host = settings.optional("FOLDWISE_CONSOLE_HOST").orElse("127.0.0.1");
    int port = Integer.parseInt(settings.optional("FOLDWISE_CONSOLE_PORT").orElse("8200"));
    return new Console(settings, host, port, settings.optional("FOLDWISE_CONSOLE_TOKEN").orElse(null));
  }

  public Console start() {
    app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.staticFiles.add(sf -> {
        sf.hostedPath = "/console";
        sf.directory = "/console";
        sf.location = Location.CLASSPATH;
      });
    });
    app.before(guard::check);
    app.get("/health", ctx -> ctx.json(Map.of("status", "UP", "profile", settings.profile())));
    app.get("/", ctx -> ctx.html(pages.experiments()));
    app.get("/experiments/{name}", ctx -> ctx.html(pages.experiment(ctx.pathParam("name"))));
    app.post("/experiments/{name}/launch", ctx -> {
      Launch launch = pages.launch(ctx.pathParam("name"));
      ctx.redirect("/executions/" + launch.workflowId(), HttpStatus.SEE_OTHER);
    });
    app.get("/executions/{id}", ctx -> ctx.html(pages.execution(ctx.pathParam("id"))));
    app.get("/executions/{id}/live", ctx -> ctx.contentType("application/json")
        .result(JSON.writeValueAsString(pages.live(ctx.pathParam("id")))));
    app.post("/executions/{id}/resume", ctx -> {
      pages.resume(ctx.pathParam("id"));
      ctx.redirect("/executions/" + ctx.pathParam("id"), HttpStatus.SEE_OTHER);
    });
    app.post("/executions/{id}/cancel", ctx -> {
      pages.cancel(ctx.pathParam("id"));
      ctx.redirect("/executions/" + ctx.pathParam("id"), HttpStatus.SEE_OTHER);
    });
    app.get("/compare", ctx -> ctx.html(pages.compare(ctx.queryParams("id"))));
    app.get("/artifacts/<key>", pages::artifact);
    app.exception(ExperimentConfigException.class, (e, ctx) -> error(ctx, HttpStatus.NOT_FOUND,
        "Unknown experiment", e.getMessage()));
    app.exception(StackUnavailableException.class, (e, ctx) -> error(ctx, HttpStatus.SERVICE_UNAVAILABLE,
        "A stack service is down", e.getMessage()));
    app.exception(Refusal.class, (e, ctx) -> error(ctx, HttpStatus.CONFLICT, e.title, e.getMessage()));
    app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, HttpStatus.forStatus(e.getStatus()),
        e.getStatus() == 404 ? "Not found" : e.getStatus() == 400 ? "Cannot do that" : "Refused", e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      String down = pages.serviceDown();
      if (down != null) {
        error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "A stack service is down", down);
      } else {
        LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong", e.toString());
      }
    });
    app.start(host, requestedPort);
    LOG.info("Foldwise console on {}", url());
    return this;
  }

  private static void error(Context ctx, HttpStatus status, String title, String message) {
    ctx.status(status);
    if (ctx.path().endsWith("/live") || ctx.path().equals("/health")) {
      ctx.contentType("application/json").result("{\"error\":" + quote(message) + "}");
      return;
    }
    ctx.html(Html.page(title, "<div class=\"error\"><h1>" + Html.esc(title) + "</h1><p>" + Html.esc(message)
        + "</p><p><a href=\"/\">Back to the experiments</a></p></div>"));
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      return "\"\"";
    }
  }

  public int port() {
    return app.port();
  }

  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  WorkflowClient workflows() {
    return new WorkflowClient(session.conductor());
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
    session.close();
  }

  /** A refused action a person can act on (resume of a running execution, a second launch, ...). */
  static final class Refusal extends RuntimeException {
    final String title;

    Refusal(String title, String message) {
      super(message);
      this.title = title;
    }
  }

  /**
   * {@code java io.foldwise.console.Console}: runs the profile's console in the foreground;
   * {@code ... Console bench [options]} runs {@link ConsoleBench} instead.
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("bench")) {
      ConsoleBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Console console = Console.of(Settings.load()).start();
    System.out.println("Foldwise console: " + console.url());
    Runtime.getRuntime().addShutdownHook(new Thread(console::close));
    Thread.currentThread().join();
  }
}
