package io.foldwise.bench;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.segmentation.folds.Fold;
import io.foldwise.segmentation.folds.FoldSplit;
import io.foldwise.segmentation.folds.KFold;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiReadOptions;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.checkpoint.FileCheckpointStore;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.ModelIO;
import io.foldwise.unet.train.Trainer;
import io.foldwise.unet.train.TrainingResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code ./foldwise bench train-memory [experiment.yaml] [--folds N] [--cases disk|images|heap] [--smaps]}: the train worker's memory over the folds
 * of an experiment, without the stack. Writes stand-ins for the experiment's preprocessed cases (float32 and uint8
 * NIfTI of the shapes of {@code covid19-rehearsal}'s preprocessed phantoms: 197-248 in-plane, 72-118 slices), then
 * per fold does what {@code foldwise_train} does in one JVM: reads the fold's training and validation cases from
 * NIfTI (images and labels into local files, as the worker; {@code --cases images} keeps the labels on the heap,
 * {@code --cases heap} both), trains with the experiment's library configs (checkpoints to a local folder), writes
 * {@code model.zip} and frees the model. Prints per fold the peak RSS of loading and of training, the RSS and Java
 * heap after it and the off-heap bytes JavaCPP still tracks ({@code --smaps}: also the largest resident mappings),
 * so a change to the worker's memory can be measured fold by fold. {@code ./foldwise} runs it with the worker's JVM
 * flags; {@code FOLDWISE_JAVA_OPTS} after them changes one (e.g. {@code -XX:TrimNativeHeapInterval=0}).
 */
final class TrainMemoryBench {
  private TrainMemoryBench() {}

  /** covid19-rehearsal's preprocessed shapes (its 20 phantoms at 1.58 x 1.58 x 2.70 mm), in case order. */
  private static final int[][] SHAPES = {
      {197, 197, 113}, {227, 227, 105}, {237, 237, 90}, {197, 197, 111}, {227, 227, 94}, {227, 227, 118},
      {227, 227, 92}, {212, 212, 118}, {222, 222, 111}, {207, 207, 105}, {222, 222, 110}, {217, 217, 103},
      {197, 197, 91}, {222, 222, 72}, {202, 202, 108}, {232, 232, 104}, {227, 227, 99}, {248, 248, 94},
      {217, 217, 114}, {222, 222, 86}};

  static void main(String[] args) throws Exception {
    Path file = Path.of(System.getenv().getOrDefault("FOLDWISE_ROOT", "."), "experiments", "covid19-rehearsal.yaml");
    int folds = -1;
    boolean smaps = false;
    String where = "disk";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--folds" -> folds = Integer.parseInt(args[++i]);
        case "--smaps" -> smaps = true;
        case "--cases" -> {
          where = args[++i];
          if (!List.of("disk", "images", "heap").contains(where)) {
            throw new IllegalArgumentException("--cases takes disk (images and labels in files, as the train worker), "
                + "images (only the images, session 15) or heap, got " + where);
          }
        }
        default -> file = Path.of(args[i]);
      }
    }
    ExperimentConfig config = ExperimentConfig.load(file);
    System.out.println("Machine: " + Machine.describe() + "; OMP_NUM_THREADS="
        + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)") + "; fold cases " + switch (where) {
          case "disk" -> "on disk (images and labels)";
          case "images" -> "images on disk, labels on the heap";
          default -> "on the heap";
        }
        + "; JVM flags "
        + ManagementFactory.getRuntimeMXBean().getInputArguments());
    Path work = Files.createTempDirectory("foldwise-train-memory-");
    try {
      List<String> ids = new ArrayList<>();
      for (int c = 0; c < SHAPES.length; c++) {
        String id = String.format(Locale.ROOT, "case_%03d", c + 1);
        ids.add(id);
        write(work, id, SHAPES[c], c);
      }
      FoldSplit split = KFold.split(ids, config.training().folds(), config.seed());
      int k = folds < 0 ? split.k() : Math.min(folds, split.k());
      UnetConfig unet = config.library(UnetConfig.class);
      System.out.println();
      System.out.println("| fold | load peak RSS (MiB) | train peak RSS (MiB) | RSS after (MiB) | heap committed / used after (MiB) | JavaCPP bytes after (MiB) | s |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (int f = 0; f < k; f++) {
        long started = System.nanoTime();
        Fold fold = split.fold(f);
        UnetMemory.resetPeak();
        Path cases = where.equals("heap") ? null : Files.createDirectories(work.resolve("cases-" + f));
        boolean labelsToo = where.equals("disk");
        List<Sample> train = load(work, fold.train(), cases, labelsToo);
        List<Sample> validation = config.training().validationPatches() > 0
            ? load(work, fold.validation(), cases, labelsToo) : List.of();
        long loadPeak = UnetMemory.peakMib();
        UnetMemory.resetPeak();
        Trainer trainer = new Trainer(unet, config.library(TrainingConfig.class, f),
            new FileCheckpointStore(work.resolve("fold-" + f)), split.sha256());
        TrainingResult result = trainer.train(train, validation);
        Path model = work.resolve("model-" + f + ".zip");
        try (OutputStream out = Files.newOutputStream(model)) {
          ModelIO.write(result.model(), out, false);
        }
        Files.delete(model);
        Trainer.release(result.model());
        if (cases != null) {
          deleteTree(cases);
        }
        long trainPeak = UnetMemory.peakMib();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d / %d | %d | %.0f |%n", f, loadPeak, trainPeak, rssMib(),
            heap.getCommitted() >> 20, heap.getUsed() >> 20, org.bytedeco.javacpp.Pointer.totalBytes() >> 20,
            (System.nanoTime() - started) / 1e9);
        if (smaps) {
          smaps();
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A stand-in case: a z-scored-like image and a label map with 4 classes in slabs, seeded by its index. */
  private static void write(Path dir, String id, int[] shape, int seed) throws Exception {
    Geometry g = Geometry.of(shape, new double[] {1.58, 1.58, 2.70});
    SplittableRandom random = new SplittableRandom(seed);
    float[] image = new float[g.voxelCount()];
    byte[] labels = new byte[g.voxelCount()];
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) random.nextGaussian();
      labels[i] = (byte) ((i / (shape[0] * shape[1] * 8)) % 4);
    }
    Nifti.writeImage(dir.resolve(id + "-image.nii.gz"), new ImageVolume(g, image));
    Nifti.writeLabels(dir.resolve(id + "-label.nii.gz"), new LabelVolume(g, labels));
  }

  /** The cases read from NIfTI streams, as the train worker's SampleLoader does (images, and with {@code labelsToo} labels, into {@code cases}; null: kept on the heap). */
  private static List<Sample> load(Path dir, List<String> ids, Path cases, boolean labelsToo) throws Exception {
    List<Sample> out = new ArrayList<>();
    for (String id : ids) {
      try (InputStream image = Files.newInputStream(dir.resolve(id + "-image.nii.gz"));
          InputStream label = Files.newInputStream(dir.resolve(id + "-label.nii.gz"))) {
        ImageVolume volume = Nifti.read(image, id + ".nii.gz", NiftiReadOptions.defaults()).toImageVolume();
        LabelVolume labels = Nifti.read(label, id + ".nii.gz", NiftiReadOptions.defaults()).toLabelVolume();
        out.add(new Sample(id, cases == null ? volume : volume.spill(cases.resolve(id + ".f32")),
            labelsToo ? labels.spill(cases.resolve(id + ".u8")) : labels));
      }
    }
    return out;
  }

  /** The largest resident mappings of this process (a diagnosis aid). */
  private static void smaps() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
    List<long[]> sizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String current = null;
    for (String line : lines) {
      if (Character.isDigit(line.charAt(0)) || (line.charAt(0) >= 'a' && line.charAt(0) <= 'f' && line.contains("-"))) {
        current = line;
      } else if (line.startsWith("Rss:")) {
        sizes.add(new long[] {Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024, names.size()});
        names.add(current);
      }
    }
    sizes.sort((a, b) -> Long.compare(b[0], a[0]));
    for (int i = 0; i < Math.min(8, sizes.size()); i++) {
      System.out.println("    " + sizes.get(i)[0] + " MiB  " + names.get((int) sizes.get(i)[1]));
    }
  }

  private static long rssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}
