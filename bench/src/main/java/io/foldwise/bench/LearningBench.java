package io.foldwise.bench;

import io.foldwise.runtime.experiment.DiceByClass;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.PhantomSource;
import io.foldwise.runtime.experiment.PreprocessingMapping;
import io.foldwise.segmentation.dataset.CasePair;
import io.foldwise.segmentation.dataset.ClassNames;
import io.foldwise.segmentation.dataset.DatasetLayout;
import io.foldwise.segmentation.folds.Fold;
import io.foldwise.segmentation.folds.FoldSplit;
import io.foldwise.segmentation.folds.KFold;
import io.foldwise.segmentation.metrics.SegmentationMetrics;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiReadOptions;
import io.foldwise.segmentation.phantom.PhantomDataset;
import io.foldwise.segmentation.phantom.PhantomSpec;
import io.foldwise.segmentation.preprocess.PreprocessingPipeline;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.checkpoint.FileCheckpointStore;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.ModelIO;
import io.foldwise.unet.predict.Mirroring;
import io.foldwise.unet.predict.Segmenter;
import io.foldwise.unet.train.EpochResult;
import io.foldwise.unet.train.Trainer;
import io.foldwise.unet.train.TrainingListener;
import io.foldwise.unet.train.TrainingResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@code ./foldwise bench learning [experiment.yaml ...] [--folds 0,2] [--oracle | --ceiling] [--confusion]}: an experiment with phantom data
 * (default {@code experiments/phantom-smoke.yaml}) cross-validated in one process, without the stack, through the
 * code paths the workers use: the phantom archives as the download worker writes them, read back as NIfTI; the
 * experiment's preprocessing pipeline, its output stored and read back as the preprocess worker does (float32
 * NIfTI); the seeded k-fold split; {@link Trainer} with the experiment's library configs per fold; the model written
 * and read as {@code model.zip}; {@link Segmenter} and the metrics against the original masks, as the evaluate
 * worker; the cross-validation mean over all validation cases, as the aggregate worker. Prints each fold's epoch
 * curves (loss, val_loss, val_dice_soft, learning rate), each case's Dice, and the CV Dice per class and group with
 * the training wall time. {@code --oracle} also prints the ceiling the preprocessing grid sets: the preprocessed
 * ground truth put back on the original grid and scored like a prediction ({@code --ceiling}: only that, no
 * training); {@code --confusion} the voxel counts of true x predicted label per case.
 *
 * <p>The digits equal the pipeline's when run with the same native build and thread count (the train worker uses
 * all cores unless {@code OMP_NUM_THREADS} says otherwise).
 */
public final class LearningBench {
  private LearningBench() {}

  private static boolean confusion;
  /** Test-time mirroring variants to evaluate side by side on the same trained models ({@code --mirrors}). */
  private static List<String> mirrors;

  public static void main(String[] args) throws Exception {
    List<Path> files = new ArrayList<>();
    List<Integer> folds = null;
    boolean oracle = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--folds" -> folds = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--oracle" -> oracle = true;
        case "--confusion" -> confusion = true;
        case "--mirrors" -> mirrors = List.of(args[++i].split(","));
        case "--ceiling" -> {
          oracle = true;
          folds = List.of();
        }
        default -> files.add(Path.of(args[i]));
      }
    }
    if (files.isEmpty()) {
      files.add(Path.of(System.getenv().getOrDefault("FOLDWISE_ROOT", "."), "experiments", "phantom-smoke.yaml"));
    }
    System.out.println("Machine: " + Machine.describe() + "; OMP_NUM_THREADS="
        + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"));
    List<String> rows = new ArrayList<>();
    for (Path file : files) {
      rows.add(run(file, folds, oracle));
    }
    System.out.println();
    System.out.println("| experiment | config hash | CV Dice (mean over validation cases) | training wall time | evaluation |"
        + (oracle ? " grid ceiling |" : ""));
    System.out.println("|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  /** One experiment file cross-validated; returns its summary table row. */
  static String run(Path file, List<Integer> onlyFolds, boolean oracle) throws Exception {
    ExperimentConfig config = ExperimentConfig.load(file);
    if (!config.data().isPhantom()) {
      throw new IllegalArgumentException(file + ": the learning bench needs phantom data ('data.phantom')");
    }
    System.out.println();
    System.out.println("## " + file + " (" + config.shortHash() + ")");
    Path work = Files.createTempDirectory("foldwise-learning-");
    try {
      List<Sample> originals = phantoms(config.data().phantom(), work);
      PreprocessingPipeline pipeline = PreprocessingPipeline.of(PreprocessingMapping.of(config.preprocessing()));
      Map<String, Sample> preprocessed = new LinkedHashMap<>();
      Map<String, Sample> original = new LinkedHashMap<>();
      for (Sample s : originals) {
        original.put(s.caseId(), s);
        preprocessed.put(s.caseId(), stored(pipeline.apply(s), work));
      }
      System.out.println("cases: " + preprocessed.values().stream()
          .map(s -> s.caseId() + " " + java.util.Arrays.toString(s.image().geometry().shape())).toList());
      FoldSplit split = KFold.split(new ArrayList<>(preprocessed.keySet()), config.training().folds(), config.seed());
      ClassNames names = new ClassNames(config.data().classes());
      List<String> variants = variants(config);
      Map<String, Map<String, List<Double>>> dice = new LinkedHashMap<>(); // mirroring variant -> class -> per case
      Map<String, List<Double>> ceiling = new TreeMap<>();
      double trainSeconds = 0;
      double evaluateSeconds = 0;
      for (int k = 0; k < split.k(); k++) {
        Fold fold = split.fold(k);
        if (onlyFolds != null && !onlyFolds.contains(k)) {
          if (oracle) {
            for (String caseId : fold.validation()) {
              LabelVolume truth = original.get(caseId).label();
              LabelVolume best = pipeline.restore(preprocessed.get(caseId).label(), truth.geometry());
              DiceByClass.of(SegmentationMetrics.compute(best, truth, names.count(), config.evaluation()
                  .nsdToleranceMm()).flat(names, config.evaluation().groups()), config)
                  .forEach((c, v) -> ceiling.computeIfAbsent(c, x -> new ArrayList<>()).add(v));
            }
          }
          continue;
        }
        List<Sample> train = fold.train().stream().map(preprocessed::get).toList();
        List<Sample> validation = config.training().validationPatches() > 0
            ? fold.validation().stream().map(preprocessed::get).toList() : List.of();
        UnetConfig unet = config.library(UnetConfig.class);
        Trainer trainer = new Trainer(unet, config.library(TrainingConfig.class, k),
            new FileCheckpointStore(work.resolve("fold-" + k)), split.sha256()).addListener(new Curves(k));
        long started = System.nanoTime();
        TrainingResult result = trainer.train(train, validation);
        double seconds = (System.nanoTime() - started) / 1e9;
        trainSeconds += seconds;
        long evaluating = System.nanoTime();
        ComputationGraph model = roundTrip(result.model());
        Trainer.releaseWorkspaces();
        for (String variant : variants) {
          Segmenter segmenter = new Segmenter(List.of(model), unet, pipeline, config.evaluation().overlap(),
              config.evaluation().gaussian(), mirroring(variant, config));
          for (String caseId : fold.validation()) {
            LabelVolume truth = original.get(caseId).label();
            LabelVolume restored = segmenter.segmentPreprocessed(preprocessed.get(caseId).image(), truth.geometry())
                .labels();
            Map<String, Double> byClass = DiceByClass.of(SegmentationMetrics.compute(restored, truth, names.count(),
                config.evaluation().nsdToleranceMm()).flat(names, config.evaluation().groups()), config);
            byClass.forEach((c, v) -> dice.computeIfAbsent(variant, x -> new TreeMap<>())
                .computeIfAbsent(c, x -> new ArrayList<>()).add(v));
            String line = String.format(Locale.ROOT, "fold %d %s%s: dice %s", k, caseId,
                mirrors == null ? "" : " (mirror " + variant + ")", DiceByClass.describe(byClass));
            if (oracle && variant.equals(variants.get(0))) {
              LabelVolume best = pipeline.restore(preprocessed.get(caseId).label(), truth.geometry());
              Map<String, Double> top = DiceByClass.of(SegmentationMetrics.compute(best, truth, names.count(),
                  config.evaluation().nsdToleranceMm()).flat(names, config.evaluation().groups()), config);
              top.forEach((c, v) -> ceiling.computeIfAbsent(c, x -> new ArrayList<>()).add(v));
              line += "; grid ceiling " + DiceByClass.describe(top);
            }
            System.out.println(line);
            if (confusion) {
              System.out.println("  voxels, true label (rows) x predicted label (columns): " + confusion(truth, restored,
                  names.count()));
            }
          }
        }
        Trainer.releaseWorkspaces();
        double evalSeconds = (System.nanoTime() - evaluating) / 1e9;
        evaluateSeconds += evalSeconds;
        System.out.printf(Locale.ROOT, "fold %d: trained in %.1f s (%d epochs%s), evaluated in %.1f s%n", k, seconds,
            result.state().epochsCompleted(), result.stoppedEarly() ? ", stopped early" : "", evalSeconds);
      }
      List<String> parts = new ArrayList<>();
      dice.forEach((variant, byClass) -> parts.add((mirrors == null ? "" : "mirror " + variant + ": ") + mean(byClass)));
      String cv = String.join("; ", parts);
      System.out.println("CV Dice: " + cv + String.format(Locale.ROOT, "; training %.1f s, evaluation %.1f s",
          trainSeconds, evaluateSeconds));
      if (oracle) {
        System.out.println("grid ceiling (preprocessed truth restored): " + mean(ceiling));
      }
      return String.format(Locale.ROOT, "| %s | %s | %s | %.1f s | %.1f s |", file, config.shortHash(), cv,
          trainSeconds, evaluateSeconds) + (oracle ? " " + mean(ceiling) + " |" : "");
    } finally {
      delete(work);
    }
  }

  /** The mirroring settings to evaluate: the experiment's own, or each of {@code --mirrors} (e.g. none,z,yz,xyz). */
  private static List<String> variants(ExperimentConfig config) {
    return mirrors != null ? mirrors : List.of(config.evaluation().mirror().isEmpty() ? "none"
        : String.join("", config.evaluation().mirror()));
  }

  /** A variant's mirroring: its axes, with the experiment's {@code mirror_swap} when x is among them. */
  private static Mirroring mirroring(String variant, ExperimentConfig config) {
    List<String> axes = variant.equals("none") ? List.of() : List.of(variant.split(""));
    return Mirroring.of(axes, axes.contains("x") ? config.evaluation().mirrorSwap() : Map.of(), config.data().classes());
  }

  /** The experiment's phantoms as the download worker gets them: its archives, extracted and read as NIfTI. */
  private static List<Sample> phantoms(PhantomSource source, Path work) throws IOException {
    PhantomSpec spec = PhantomSpec.of(source.cases(), source.seed()).withShape(source.largestShape())
        .withWindowedCases(source.windowed());
    int[] slices = source.slices();
    if (slices != null) {
      spec = spec.withSlices(slices[0], slices[1]);
    }
    Path archives = work.resolve("archives");
    PhantomDataset.write(archives, spec);
    Path images = unzip(archives.resolve(PhantomDataset.IMAGES_ZIP), work.resolve("images"));
    Path masks = unzip(archives.resolve(PhantomDataset.MASKS_ZIP), work.resolve("masks"));
    List<Sample> out = new ArrayList<>();
    for (CasePair pair : DatasetLayout.pair(folderOf(images), folderOf(masks))) {
      out.add(new Sample(pair.caseId(), Nifti.readImage(pair.image()), Nifti.readLabels(pair.mask())));
    }
    return out;
  }

  /** The one folder an archive holds (as the download worker finds it), or the folder itself. */
  private static Path folderOf(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> all = entries.toList();
      return all.size() == 1 && Files.isDirectory(all.get(0)) ? all.get(0) : dir;
    }
  }

  private static Path unzip(Path zip, Path dir) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        Path target = dir.resolve(e.getName()).normalize();
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    return dir;
  }

  /** A preprocessed sample as the train and evaluate workers read it: written as NIfTI and read back. */
  private static Sample stored(Sample s, Path work) throws IOException {
    Path image = work.resolve("pp-image.nii.gz");
    Path label = work.resolve("pp-label.nii.gz");
    Nifti.writeImage(image, s.image());
    Nifti.writeLabels(label, s.label());
    ImageVolume i;
    LabelVolume l;
    try (InputStream in = Files.newInputStream(image); InputStream lin = Files.newInputStream(label)) {
      i = Nifti.read(in, s.caseId() + ".nii.gz", NiftiReadOptions.defaults()).toImageVolume();
      l = Nifti.read(lin, s.caseId() + ".nii.gz", NiftiReadOptions.defaults()).toLabelVolume();
    }
    return new Sample(s.caseId(), i, l);
  }

  /** The model as the evaluate worker gets it: {@code model.zip} without the updater, read back. */
  private static ComputationGraph roundTrip(ComputationGraph model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelIO.write(model, out, false);
    return ModelIO.read(new ByteArrayInputStream(out.toByteArray()));
  }

  private static String confusion(LabelVolume truth, LabelVolume predicted, int classes) {
    long[][] m = new long[classes][classes];
    byte[] t = truth.data();
    byte[] p = predicted.data();
    for (int i = 0; i < t.length; i++) {
      m[t[i]][p[i]]++;
    }
    StringBuilder b = new StringBuilder();
    for (long[] row : m) {
      b.append(java.util.Arrays.toString(row)).append(' ');
    }
    return b.toString().trim();
  }

  private static String mean(Map<String, List<Double>> values) {
    StringBuilder b = new StringBuilder();
    values.forEach((c, v) -> b.append(b.length() == 0 ? "" : ", ").append(c).append(' ')
        .append(String.format(Locale.ROOT, "%.3f", v.stream().mapToDouble(Double::doubleValue).average().orElse(0))));
    return b.toString();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One line per epoch: the curves to reason with. */
  private record Curves(int fold) implements TrainingListener {
    @Override
    public void onEpochEnd(EpochResult r) {
      Map<String, Double> m = r.metrics();
      System.out.printf(Locale.ROOT, "fold %d epoch %2d lr %.5f loss %.4f dice_soft %.4f val_loss %s val_dice_soft %s"
          + " (%.1f s)%n", fold, r.epoch(), r.learningRate(), m.get("loss"), m.getOrDefault("dice_soft", Double.NaN),
          format(m.get("val_loss")), format(m.get("val_dice_soft")), r.seconds());
    }

    private static String format(Double v) {
      return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
  }
}
