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

  /**
   * The experiment {@code name}, or the experiment file {@code name} names when it is a path (ends in
   * {@code .yaml}/{@code .yml} or contains a '/'): a file outside {@code experiments/} runs as its named
   * workflow like the others, provided its name is not taken by a different file of the catalog. An
   * unknown name lists the known ones.
   */
  public ExperimentConfig get(String name) {
    if (name.endsWith(".yaml") || name.endsWith(".yml") || name.contains("/")) {
      return file(Path.of(name));
    }
    Path file = dir.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw new ExperimentConfigException("no experiment named '" + name + "'; known: "
          + String.join(", ", names()) + " (files in " + dir + ")");
    }
    return ExperimentConfig.load(file);
  }

  private ExperimentConfig file(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ExperimentConfigException(path.toAbsolutePath() + ": no such experiment file; give a path to a "
          + "YAML experiment file or one of the names " + String.join(", ", names()));
    }
    ExperimentConfig config = ExperimentConfig.load(path);
    Path named = dir.resolve(config.name() + ".yaml");
    if (Files.isRegularFile(named) && !sameFile(named, path)) {
      ExperimentConfig catalogued = ExperimentConfig.load(named);
      if (!catalogued.hash().equals(config.hash())) {
        throw new ExperimentConfigException(path + ": its name '" + config.name() + "' is taken by " + named
            + ", which has other settings; give the experiment a name of its own ('name:' in the file)");
      }
    }
    return config;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
