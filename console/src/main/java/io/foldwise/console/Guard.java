package io.foldwise.console;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * The console's access rules: on loopback anyone on the machine may use it; bound elsewhere every request
 * (but {@code /health}) needs the token (query {@code ?token=}, header {@code X-Foldwise-Token} or the cookie
 * set from the query). State changes are POSTs and refuse cross-site requests.
 */
final class Guard {
  static final String COOKIE = "foldwise_console_token";
  private final String token;

  Guard(String host, String token) {
    boolean loopback = isLoopback(host);
    if (!loopback && (token == null || token.isBlank())) {
      throw new IllegalStateException("FOLDWISE_CONSOLE_HOST=" + host + " is not a loopback address: set "
          + "FOLDWISE_CONSOLE_TOKEN to a secret so every request must carry it, or bind to 127.0.0.1");
    }
    this.token = token == null || token.isBlank() ? null : token;
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("FOLDWISE_CONSOLE_HOST=" + host + " does not resolve: " + e.getMessage(), e);
    }
  }

  void check(Context ctx) {
    if (ctx.path().equals("/health")) {
      return;
    }
    if (token != null) {
      String query = ctx.queryParam("token");
      String given = query != null ? query
          : ctx.header("X-Foldwise-Token") != null ? ctx.header("X-Foldwise-Token") : ctx.cookie(COOKIE);
      if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
          token.getBytes(StandardCharsets.UTF_8))) {
        throw new UnauthorizedResponse("this console needs its token (FOLDWISE_CONSOLE_TOKEN): open it as "
            + "/?token=<token> or send the X-Foldwise-Token header");
      }
      if (query != null) {
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + query + "; Path=/; HttpOnly; SameSite=Strict");
      }
    }
    if (ctx.method().name().equals("POST")) {
      String site = ctx.header("Sec-Fetch-Site");
      if (site != null && !site.equals("same-origin") && !site.equals("none")) {
        throw new ForbiddenResponse("cross-site request refused (Sec-Fetch-Site: " + site + ")");
      }
      String origin = ctx.header("Origin");
      String host = ctx.header("Host");
      if (origin != null && !origin.equals("null") && host != null
          && !(origin.equals("http://" + host) || origin.equals("https://" + host))) {
        throw new ForbiddenResponse("cross-site request refused (Origin " + origin + " is not this console, "
            + host + ")");
      }
    }
  }
}
