package io.foldwise.cli;

import io.foldwise.segmentation.dataset.CasePair;
import io.foldwise.segmentation.dataset.ClassNames;
import io.foldwise.segmentation.dataset.DatasetLayout;
import io.foldwise.segmentation.explore.Exploration;
import io.foldwise.segmentation.explore.ExplorationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foldwise explore DIR}: the seed's data exploration table of a data set folder. */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the seed's data exploration table for a data set folder: per case vol_shape,"
          + " vol_minimum, vol_maximum, voxel_spacing, class_frequency; mean and median of each"
          + " axis; mean class frequency.",
      "DIR holds COVID-19-CT-Seg_20cases/ and Lung_and_Infection_Mask/ (the extracted Zenodo"
          + " archives, or what 'foldwise phantoms' writes) or <case>/imaging.nii.gz +"
          + " segmentation.nii.gz (MIScnn layout)."
    })
final class ExploreCommand implements Callable<Integer> {
  static final String JSON_FILE = "exploration.json";
  static final String CSV_FILE = "exploration.csv";

  enum Format { table, json, csv }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "data set folder")
  Path dir;

  @Option(names = "--out", paramLabel = "OUTDIR",
      description = "also write " + JSON_FILE + ", " + CSV_FILE + " and the PNG plots here")
  Path out;

  @Option(names = "--format", defaultValue = "table",
      description = "what to print: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(names = "--classes", split = ",", paramLabel = "NAME",
      description = "class names by label (default: background,lung_L,lung_R,infection)")
  List<String> classes;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    try {
      ClassNames names = classes == null ? ClassNames.covid() : new ClassNames(classes);
      List<CasePair> pairs = DatasetLayout.find(dir);
      ExplorationReport report = Exploration.of(pairs, names, line -> {
        stderr.println(line);
        stderr.flush();
      });
      switch (format) {
        case table -> stdout.print(report.toTable());
        case json -> stdout.print(report.toJson());
        case csv -> stdout.print(report.toCsv());
      }
      stdout.flush();
      if (out != null) {
        Files.createDirectories(out);
        report.writeJson(out.resolve(JSON_FILE));
        report.writeCsv(out.resolve(CSV_FILE));
        report.writePlots(out);
        stderr.println("wrote " + out.resolve(JSON_FILE) + ", " + CSV_FILE + ", "
            + ExplorationReport.HISTOGRAM_PNG + ", " + ExplorationReport.CLASSES_PNG);
      }
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      stderr.println("explore: " + e.getMessage());
      return 1;
    }
  }
}
