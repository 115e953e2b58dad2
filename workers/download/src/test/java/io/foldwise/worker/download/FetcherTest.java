package io.foldwise.worker.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.foldwise.runtime.conductor.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching over a real loopback HTTP server: Range resume after a broken connection, 404, file: URLs. */
class FetcherTest {
  @TempDir Path dir;
  HttpServer server;
  final byte[] payload = new byte[300_000];
  final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
  volatile boolean breakFirst = true;

  @BeforeEach
  void serve() throws IOException {
    new SplittableRandom(3).nextBytes(payload);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/data.zip", exchange -> {
      String range = exchange.getRequestHeaders().getFirst("Range");
      ranges.add(String.valueOf(range));
      int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
      int length = payload.length - from;
      exchange.getResponseHeaders().add("Content-Length", String.valueOf(length));
      exchange.sendResponseHeaders(range == null ? 200 : 206, length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (breakFirst) {
          breakFirst = false;
          out.write(payload, from, 100_000);
          out.flush();
          throw new IOException("simulated broken connection");
        }
        out.write(payload, from, length);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void resumesWithARangeRequestAfterABrokenDownload() throws Exception {
    Path target = dir.resolve("data.zip");
    Fetcher fetcher = new Fetcher();
    List<String> progress = new ArrayList<>();
    assertThrows(IOException.class, () -> fetcher.fetch(url("/data.zip"), target, progress::add));
    long partial = Files.size(dir.resolve("data.zip.part"));
    assertTrue(partial > 0 && partial < payload.length, "partial " + partial);
    fetcher.fetch(url("/data.zip"), target, progress::add);
    assertArrayEquals(payload, Files.readAllBytes(target));
    assertEquals(List.of("null", "bytes=" + partial + "-"), ranges);
    assertTrue(progress.contains("data.zip: resuming at " + partial + " bytes of " + payload.length), progress.toString());
  }

  @Test
  void missingUrlIsInvalidInput() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new Fetcher().fetch(url("/nope.zip"), dir.resolve("x.zip"), s -> {}));
    assertEquals(url("/nope.zip") + ": HTTP 404; check the experiment's data url", e.getMessage());
  }

  @Test
  void copiesFileUrls() throws Exception {
    Path source = dir.resolve("source.zip");
    Files.write(source, payload);
    Path target = dir.resolve("copy/target.zip");
    new Fetcher().fetch(source.toUri().toString(), target, s -> {});
    assertArrayEquals(payload, Files.readAllBytes(target));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new Fetcher().fetch(dir.resolve("missing.zip").toUri().toString(), target, s -> {}));
    assertEquals(dir.resolve("missing.zip").toUri() + ": no such file; check the experiment's data url", e.getMessage());
  }
}
