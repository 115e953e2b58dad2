package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerAwayTest {
  @Test
  void aRefusedConnectionIsAwayABadRequestIsNot() {
    assertTrue(ServerAway.isUnreachable(new RuntimeException("x", new ConnectException("Connection refused"))));
    assertTrue(ServerAway.isUnreachable(new RuntimeException("Failed to connect to /127.0.0.1:8080")));
    assertFalse(ServerAway.isUnreachable(new IllegalArgumentException("workflow not found: 404")));
    // what Conductor answers while its PostgreSQL restarts (seen in the drill)
    assertTrue(ServerAway.isUnreachable(new com.netflix.conductor.client.exception.ConductorClientException(500,
        "Connection is closed")));
    assertFalse(ServerAway.isUnreachable(new com.netflix.conductor.client.exception.ConductorClientException(404,
        "no such workflow")));
  }

  @Test
  void awayAndBackAreSaidOnceEachWithBackOff() {
    List<String> lines = new ArrayList<>();
    ServerAway away = new ServerAway("Conductor", "http://127.0.0.1:8080/api", lines::add);
    away.back();
    assertEquals(List.of(), lines);
    assertEquals(Duration.ofSeconds(1), away.gone(new RuntimeException("Failed to connect")));
    assertEquals(Duration.ofSeconds(2), away.gone(new RuntimeException("Failed to connect")));
    assertEquals(Duration.ofSeconds(4), away.gone(new RuntimeException("Failed to connect")));
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("Conductor at http://127.0.0.1:8080/api is away (Failed to connect)"), lines.get(0));
    away.back();
    away.back();
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(1).startsWith("Conductor is back after "), lines.get(1));
  }

  @Test
  void pollWaitsWhileAwayAndThrowsOtherFailures() {
    List<String> lines = new ArrayList<>();
    ServerAway away = new ServerAway("Conductor", "http://127.0.0.1:1/api", lines::add);
    int[] calls = {0};
    String answer = away.poll(() -> {
      if (++calls[0] < 3) {
        throw new RuntimeException("x", new ConnectException("Connection refused"));
      }
      return "ok";
    }, System.nanoTime() + Duration.ofMinutes(1).toNanos());
    assertEquals("ok", answer);
    assertEquals(3, calls[0]);
    assertEquals(2, lines.size(), lines.toString());
    IllegalArgumentException bad = new IllegalArgumentException("no such workflow: 404");
    assertEquals(bad, org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> away.poll(() -> { throw bad; }, System.nanoTime() + Duration.ofMinutes(1).toNanos())));
  }
}
