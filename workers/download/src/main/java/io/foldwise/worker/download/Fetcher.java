package io.foldwise.worker.download;

import io.foldwise.runtime.conductor.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Fetches one archive to a local file: {@code file:} URLs are copied, {@code http(s):} URLs are
 * downloaded into {@code <target>.part} and resumed with a Range request when a partial file is
 * left from an earlier attempt. Network trouble is an {@link IOException} (the task is retried and
 * resumes); a URL that does not exist is an {@link InvalidInputException}.
 */
final class Fetcher {
  private static final long REPORT_EVERY = 8L << 20;
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();

  /** Fetches {@code url} to {@code target}; {@code progress} receives a line every few megabytes. */
  void fetch(String url, Path target, Consumer<String> progress) throws IOException, InterruptedException {
    Files.createDirectories(target.getParent());
    if (url.startsWith("file:")) {
      Path source = Path.of(URI.create(url));
      if (!Files.isRegularFile(source)) {
        throw new InvalidInputException(url + ": no such file; check the experiment's data url");
      }
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      progress.accept(target.getFileName() + ": copied " + Files.size(target) + " bytes from " + url);
      return;
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    long have = Files.exists(part) ? Files.size(part) : 0;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET();
    if (have > 0) {
      request.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    int status = response.statusCode();
    boolean append = status == 206;
    if (status == 416 && have > 0) {
      response.body().close();
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      progress.accept(target.getFileName() + ": already complete (" + have + " bytes)");
      return;
    }
    if (status == 404 || status == 410 || status == 401 || status == 403) {
      response.body().close();
      throw new InvalidInputException(url + ": HTTP " + status + "; check the experiment's data url");
    }
    if (status != 200 && status != 206) {
      response.body().close();
      throw new IOException(url + ": HTTP " + status + " (will retry)");
    }
    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1) + (append ? have : 0);
    long done = append ? have : 0;
    progress.accept(target.getFileName() + ": " + (append ? "resuming at " + have + " bytes" : "starting")
        + (total > 0 ? " of " + total : ""));
    try (InputStream in = response.body();
        OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[1 << 16];
      long nextReport = done + REPORT_EVERY;
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        done += n;
        if (done >= nextReport) {
          progress.accept(target.getFileName() + ": " + done + (total > 0 ? " of " + total : "") + " bytes"
              + (total > 0 ? " (" + (100 * done / total) + "%)" : ""));
          nextReport = done + REPORT_EVERY;
        }
      }
    }
    if (total > 0 && done != total) {
      throw new IOException(url + ": connection ended after " + done + " of " + total
          + " bytes (will resume on retry)");
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    progress.accept(target.getFileName() + ": done, " + done + " bytes");
  }
}
