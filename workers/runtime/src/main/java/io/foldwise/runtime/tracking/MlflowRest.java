package io.foldwise.runtime.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.runtime.config.Outage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP calls to the MLflow server for what the Java client lacks or does badly: a single-attempt
 * POST (the client retries POSTs three times, duplicating runs), the proxied artifact API and the registry.
 */
final class MlflowRest {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    MlflowRest(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String base() { return base; }

    /** POST JSON once; returns the parsed answer or throws with the server's error code and message. */
    JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(), "POST " + path);
        } catch (IOException e) {
            throw new TrackingException("MLflow POST " + base + path + " failed: " + e.getMessage(), e);
        }
    }

    JsonNode get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60)).GET().build(),
                "GET " + pathAndQuery);
    }

    /** GET raw bytes into {@code file} (artifact downloads); a non-2xx answer is an {@link MlflowError}. */
    void download(String path, java.nio.file.Path file) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<java.nio.file.Path> r;
        try {
            r = Outage.ride("MLflow", base, Outage.Repeat.IDEMPOTENT,
                    () -> sendOnce(request, HttpResponse.BodyHandlers.ofFile(file)));
        } catch (java.io.UncheckedIOException u) {
            IOException e = u.getCause();
            throw new TrackingException("MLflow GET " + path + " at " + base + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (Interrupted e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("MLflow GET " + path + " interrupted", e.getCause());
        }
        if (r.statusCode() / 100 != 2) {
            String body;
            try {
                body = java.nio.file.Files.readString(file);
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException e) {
                body = "";
            }
            throw new MlflowError(r.statusCode(), errorCode(body), "MLflow GET " + path + " at " + base
                    + " answered HTTP " + r.statusCode() + ": " + abbreviate(body));
        }
    }

    void put(String path, HttpRequest.BodyPublisher body) {
        send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/octet-stream").PUT(body).build(), "PUT " + path);
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> r;
        try {
            // GET and PUT (the same bytes to the same path) may be repeated; a POST that may have been sent may not
            Outage.Repeat repeat = request.method().equals("POST") ? Outage.Repeat.UNLESS_SENT : Outage.Repeat.IDEMPOTENT;
            r = Outage.ride("MLflow", base, repeat, () -> sendOnce(request, HttpResponse.BodyHandlers.ofString()));
        } catch (java.io.UncheckedIOException u) {
            IOException e = u.getCause();
            throw new TrackingException("MLflow " + what + " at " + base + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (Interrupted e) {
            Thread.currentThread().interrupt();
            throw new TrackingException("MLflow " + what + " interrupted", e.getCause());
        }
        if (r.statusCode() / 100 != 2) {
            throw new MlflowError(r.statusCode(), errorCode(r.body()), "MLflow " + what + " at " + base + " answered HTTP "
                    + r.statusCode() + ": " + abbreviate(r.body()));
        }
        try {
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new TrackingException("MLflow " + what + " answered non-JSON: " + abbreviate(r.body()), e);
        }
    }

    /** One attempt; I/O failures and interrupts travel unchecked so {@link Outage#ride} can see them. */
    private <T> HttpResponse<T> sendOnce(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new Interrupted(e);
        }
    }

    private static final class Interrupted extends RuntimeException {
        Interrupted(InterruptedException e) {
            super(e);
        }
    }

    private static String errorCode(String body) {
        try {
            return JSON.readTree(body).path("error_code").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    /** A non-2xx answer, with MLflow's {@code error_code}. */
    static final class MlflowError extends TrackingException {
        final int status;
        final String code;

        MlflowError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
