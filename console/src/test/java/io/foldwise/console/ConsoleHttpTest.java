package io.foldwise.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.config.Settings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's HTTP rules against a real server on loopback whose stack services are down (ports nobody
 * listens on): the service-down page, the token, cross-site refusal, and no start off loopback without a token.
 */
class ConsoleHttpTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Console open;
  static Console guarded;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Settings downStack() throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put("FOLDWISE_PROFILE", "test");
    o.put("FOLDWISE_CONDUCTOR_PORT", String.valueOf(freePort()));
    o.put("FOLDWISE_MINIO_PORT", String.valueOf(freePort()));
    o.put("FOLDWISE_MLFLOW_PORT", String.valueOf(freePort()));
    return Settings.load(o, Path.of("").toAbsolutePath());
  }

  @BeforeAll
  static void start() throws Exception {
    open = new Console(downStack(), "127.0.0.1", 0, null).start();
    guarded = new Console(downStack(), "127.0.0.1", 0, "s3cret").start();
  }

  @AfterAll
  static void stop() {
    open.close();
    guarded.close();
  }

  static HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAnswersWithoutTheStack() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(open.url() + "/health")));
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("UP"), r.body());
  }

  @Test
  void serviceDownPageNamesTheServiceAndHowToStartIt() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(open.url() + "/")));
    assertEquals(503, r.statusCode());
    assertTrue(r.body().contains("Conductor at http://"), r.body());
    assertTrue(r.body().contains("./foldwise stack up"), r.body());
  }

  @Test
  void unknownExperimentIsA404ListingTheKnownOnes() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(open.url() + "/experiments/no-such-thing")));
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("no-such-thing") && r.body().contains("phantom-smoke"), r.body());
  }

  @Test
  void crossSitePostIsRefused() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(open.url() + "/experiments/phantom-smoke/launch"))
        .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(403, r.statusCode());
    assertTrue(r.body().contains("cross-site"), r.body());
  }

  @Test
  void tokenIsRequiredWhenConfigured() throws Exception {
    assertEquals(401, send(HttpRequest.newBuilder(URI.create(guarded.url() + "/experiments/x"))).statusCode());
    HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(guarded.url() + "/experiments/x?token=s3cret")));
    assertEquals(404, ok.statusCode(), ok.body());
    assertTrue(ok.headers().firstValue("Set-Cookie").orElse("").contains("HttpOnly"));
    assertEquals(404, send(HttpRequest.newBuilder(URI.create(guarded.url() + "/experiments/x"))
        .header("X-Foldwise-Token", "s3cret")).statusCode());
    assertEquals(401, send(HttpRequest.newBuilder(URI.create(guarded.url() + "/experiments/x"))
        .header("X-Foldwise-Token", "wrong")).statusCode());
  }

  @Test
  void refusesToBindOffLoopbackWithoutAToken() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Guard("0.0.0.0", null));
    assertTrue(e.getMessage().contains("FOLDWISE_CONSOLE_TOKEN"), e.getMessage());
  }
}
