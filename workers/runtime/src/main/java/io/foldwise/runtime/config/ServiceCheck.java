package io.foldwise.runtime.config;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Fails fast, with a message saying what to do, when a stack service does not answer its health URL. */
public final class ServiceCheck {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private ServiceCheck() {}

    /** Throws {@link StackUnavailableException} unless {@code healthUrl} answers 2xx within a few seconds. */
    public static void require(String service, String healthUrl, Settings settings) {
        String problem;
        Throwable cause = null;
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(healthUrl))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                return;
            }
            problem = "answered HTTP " + r.statusCode();
        } catch (IOException e) {
            problem = "is not reachable";
            cause = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "check was interrupted";
            cause = e;
        }
        throw new StackUnavailableException(service + " at " + healthUrl + " " + problem + " (profile "
                + settings.profile() + "): start the stack with ./foldwise stack up --profile " + settings.profile()
                + " and see ./foldwise stack status --profile " + settings.profile() + " for its log", cause);
    }
}
