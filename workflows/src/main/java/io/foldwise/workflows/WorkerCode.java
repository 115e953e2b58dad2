package io.foldwise.workflows;

import io.foldwise.runtime.experiment.CodeFingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@link CodeFingerprint}s of the cacheable stages as their worker services compute them: each worker
 * class is loaded (not initialised) from the built worker module, {@code workers/<module>/target/} jar plus
 * {@code target/lib/}, which is the class path {@code ./foldwise worker <stage>} runs, so the launcher's
 * cache preview keys stages exactly as the workers will.
 */
public final class WorkerCode {
  /** Stage name → (worker module, worker class). */
  static final Map<String, String[]> STAGES = Map.of(
      "download", new String[] {"download", "io.foldwise.worker.download.DownloadWorker"},
      "explore", new String[] {"explore", "io.foldwise.worker.explore.ExploreWorker"},
      "preprocess", new String[] {"preprocess", "io.foldwise.worker.preprocess.PreprocessWorker"},
      "train", new String[] {"train", "io.foldwise.worker.train.TrainWorker"});
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private final Path root;

  public WorkerCode(Path root) {
    this.root = root;
  }

  /** The fingerprints of download, explore, preprocess and train, in that order. */
  public Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String stage : List.of("download", "explore", "preprocess", "train")) {
      out.put(stage, of(stage));
    }
    return out;
  }

  /** One stage's fingerprint (cached per process and module directory). */
  public String of(String stage) {
    String[] s = STAGES.get(stage);
    if (s == null) {
      throw new IllegalArgumentException("no cacheable stage '" + stage + "'; known: " + STAGES.keySet());
    }
    Path module = root.resolve("workers").resolve(s[0]).resolve("target");
    return CACHE.computeIfAbsent(module + "!" + s[1], k -> compute(module, s[1]));
  }

  private static String compute(Path target, String className) {
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> files = Files.list(target)) {
      Path jar = files.filter(p -> p.getFileName().toString().matches("foldwise-worker-.*\\.jar")
          && !p.getFileName().toString().endsWith("-tests.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no built worker jar in " + target + "; run ./foldwise build"));
      urls.add(jar.toUri().toURL());
      try (Stream<Path> libs = Files.list(target.resolve("lib"))) {
        for (Path p : libs.sorted().toList()) {
          urls.add(p.toUri().toURL());
        }
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built worker in " + target + " (run ./foldwise build): "
          + e.getMessage(), e);
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      return CodeFingerprint.hash(Class.forName(className, false, loader));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(className + " is not in the worker built in " + target, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
