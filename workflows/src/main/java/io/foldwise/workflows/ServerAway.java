package io.foldwise.workflows;

import com.netflix.conductor.client.exception.ConductorClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * For followers of an execution (run --wait, resume, status): a stack server that stops answering is
 * reported once ("Conductor at ... is away ...; still waiting"), polled with back-off up to 10 s, and
 * reported once more when it answers again, instead of ending the command while the execution goes on.
 */
final class ServerAway {
  private final String service;
  private final String url;
  private final Consumer<String> out;
  private long since;
  private Duration delay = Duration.ofSeconds(1);

  ServerAway(String service, String url, Consumer<String> out) {
    this.service = service;
    this.url = url;
    this.out = out;
  }

  /**
   * True when an exception means the server did not answer (refused, reset, timed out) or answered a server
   * error (5xx: e.g. Conductor's "Connection is closed" while its PostgreSQL restarts); a follower waits for
   * those, bounded by its own timeout. 4xx answers (no such workflow) are not waited for.
   */
  static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
      if (t instanceof ConductorClientException c && c.getStatus() >= 500) {
        return true;
      }
      String m = t.getMessage() == null ? "" : t.getMessage();
      if (m.contains("Failed to connect") || m.contains("Connection refused") || m.contains("timeout")
          || m.matches(".*\\b50[234]\\b.*")) {
        return true;
      }
    }
    return false;
  }

  /** Notes the server is away (a line the first time); returns how long to wait before the next poll. */
  Duration gone(Throwable e) {
    if (since == 0) {
      since = System.nanoTime();
      out.accept(service + " at " + url + " is away (" + e.getMessage() + "); the execution's state is kept, "
          + "still waiting (./foldwise stack up brings it back)");
    }
    Duration d = delay;
    delay = delay.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : delay.multipliedBy(2);
    return d;
  }

  /**
   * Runs {@code call} until the server answers, waiting (with {@link #gone}) while it is away and before
   * {@code deadlineNanos} ({@link System#nanoTime}); other failures, and being away past the deadline, throw.
   */
  <T> T poll(java.util.function.Supplier<T> call, long deadlineNanos) {
    while (true) {
      try {
        T answer = call.get();
        back();
        return answer;
      } catch (RuntimeException e) {
        if (!isUnreachable(e) || System.nanoTime() > deadlineNanos) {
          throw e;
        }
        try {
          Thread.sleep(gone(e).toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Notes the server answered (a line if it had been away). */
  void back() {
    if (since != 0) {
      out.accept(service + " is back after " + Duration.ofNanos(System.nanoTime() - since).toSeconds() + " s");
      since = 0;
      delay = Duration.ofSeconds(1);
    }
  }
}
