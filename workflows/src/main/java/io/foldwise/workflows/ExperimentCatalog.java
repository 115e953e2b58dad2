package io.foldwise.workflows;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.ExperimentConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The named experiments: every {@code experiments/<name>.yaml} of the repository. */
public final class ExperimentCatalog {
  private final Path dir;

  public ExperimentCatalog(Path dir) {
    this.dir = dir;
  }

  /** The catalog under {@code <root>/experiments}. */
  public static ExperimentCatalog at(Path root) {
    return new ExperimentCatalog(root.resolve("experiments"));
  }

  /** Experiment names, sorted. */
  public List<String> names() {
    if (!Files.isDirectory(dir)) {
      throw new ExperimentConfigException(dir + ": no experiments folder; run from the Foldwise checkout "
          + "(or set FOLDWISE_ROOT)");
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".yaml")) {
          out.add(name.substring(0, name.length() - ".yaml".length()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every experiment, loaded and validated. */
  public List<ExperimentConfig> all() {
    return names().stream().map(this::get).toList();
  }

  /** The experiment {@code name}; an unknown name lists the known ones. */
  public ExperimentConfig get(String name) {
    Path file = dir.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw new ExperimentConfigException("no experiment named '" + name + "'; known: "
          + String.join(", ", names()) + " (files in " + dir + ")");
    }
    return ExperimentConfig.load(file);
  }
}
