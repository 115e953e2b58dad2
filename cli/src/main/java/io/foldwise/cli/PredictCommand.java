package io.foldwise.cli;

import io.foldwise.predict.FoldModels;
import io.foldwise.predict.Predict;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code foldwise predict}: segments scans with a registered fold model or an execution's fold ensemble. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Segments a NIfTI scan (or every scan in a folder) with a model from MLflow's registry: a "
        + "registered fold model (name, or name/version) or every fold of an experiment execution (its workflow id; "
        + "the folds' softmax is averaged). Writes a label map with the scan's shape and affine.")
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "registered model name[/version], e.g. phantom-smoke-fold-0 or phantom-smoke-fold-0/2, "
          + "or an experiment execution's workflow id (ensemble of its folds)")
  String model;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "a .nii/.nii.gz scan or a folder of them")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "PATH",
      description = "the label map file (.nii.gz), or a folder when --input is one")
  Path out;

  @Option(names = "--probabilities", description = "also write one probability map per class: <out>_prob_<class>.nii.gz")
  boolean probabilities;

  @Override
  public Integer call() throws Exception {
    return CommandErrors.run(spec, () -> {
      PrintWriter out = spec.commandLine().getOut();
      Predict.check(input, this.out); // a scan the model cannot take fails before anything is downloaded
      Settings settings = Settings.load();
      ModelRegistry registry = ModelRegistry.connect(settings);
      Path work = Files.createTempDirectory("foldwise-predict");
      try {
        FoldModels models = FoldModels.load(registry, model, work);
        out.println("model " + models.describe() + ": classes " + models.classes() + ", patch "
            + java.util.Arrays.toString(models.card().model().patch()) + ", spacing "
            + java.util.Arrays.toString(models.card().preprocessing().targetSpacing()) + " mm");
        out.flush();
        Predict.run(models, input, this.out, probabilities, SessionCommand.printing(out));
        return 0;
      } finally {
        delete(work);
      }
    });
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
