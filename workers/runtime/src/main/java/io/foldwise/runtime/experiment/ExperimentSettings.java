package io.foldwise.runtime.experiment;

import static io.foldwise.runtime.experiment.SettingType.bool;
import static io.foldwise.runtime.experiment.SettingType.choice;
import static io.foldwise.runtime.experiment.SettingType.integer;
import static io.foldwise.runtime.experiment.SettingType.ints;
import static io.foldwise.runtime.experiment.SettingType.longInteger;
import static io.foldwise.runtime.experiment.SettingType.names;
import static io.foldwise.runtime.experiment.SettingType.namedLists;
import static io.foldwise.runtime.experiment.SettingType.number;
import static io.foldwise.runtime.experiment.SettingType.numbers;
import static io.foldwise.runtime.experiment.SettingType.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every setting of an experiment file, declared once: key, type, default, checks (with their exact messages),
 * canonical form and where it goes in the U-Net library's configs. Reading ({@link SettingsReader}), the
 * canonical map and hash ({@link ExperimentConfig#toMap()}) and the library configs ({@link LibraryConfigs})
 * are driven from this table; a new setting is one declaration here and one use
 * ({@code config.get(ExperimentSettings.X)} in a worker, or the library component {@code into(...)} hands it to).
 * Each declaration is wrapped in {@code declare(...)}, which lists it in {@link #ALL}; the order of declaration is the
 * order of reading (and of "known keys" in error messages). Sub-sections that a file gives one or the other of
 * ({@code data.phantom} or {@code data.images} with {@code data.masks}) are in {@link #SECTIONS_READ_WHEN}.
 */
public final class ExperimentSettings {
  private ExperimentSettings() {}

  /** Batch-norm epsilon of the U-Net: Keras' default, as MIScnn's model uses it (not a file setting). */
  public static final double BN_EPSILON = 1e-3;
  /** The losses and metrics the library knows, by MIScnn's names. */
  static final String[] LOSSES = {"tversky_crossentropy", "tversky_loss", "dice_soft", "dice_crossentropy"};
  private static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern GROUP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final List<Setting<?>> DECLARED = new ArrayList<>(); // filled by declare(...), in this file's order

  // ---- top level ----
  public static final Setting<String> NAME = declare(Setting.of("name", text())
      .check((name, v) -> NAME_PATTERN.matcher(name).matches() ? null
          : "must be lower-case letters, digits and '-' (at most 63), got '" + name + "'"));
  public static final Setting<String> DESCRIPTION = declare(Setting.of("description", text()).orElse(""));
  public static final Setting<Long> SEED = declare(Setting.of("seed", longInteger(0, Long.MAX_VALUE))
      .into("unet.seed") // the model's initialisation
      .into("training.seed", (seed, v, fold) -> (Long) seed + requireFold(fold))); // each fold's patch stream

  // ---- data: the class names (label 0 first), then either generated phantoms or the two archives ----
  public static final Setting<List<String>> CLASSES = declare(Setting.of("data.classes", names())
      .check((classes, v) -> classes.size() >= 2 && classes.size() <= 16 ? null
          : "must name between 2 and 16 classes, got " + classes.size()));
  /** Synthetic chest-CT phantoms ({@link PhantomSource}): the section is read when the file gives it. */
  public static final Setting<Integer> PHANTOM_CASES = declare(Setting.of("data.phantom.cases", integer(2, 200)));
  /** Per-case slice counts [min, max] (the real data's sizes); absent (empty) when every case has {@code shape}. */
  public static final Setting<int[]> PHANTOM_SLICES = declare(Setting.of("data.phantom.slices", ints(2, 4, 1024))
      .orElse(new int[0])
      .check((slices, v) -> slices.length == 0 || slices[0] <= slices[1] ? null
          : "must be [min, max] with min <= max, got " + Arrays.toString(slices))
      .hashedOnlyWhen(slices -> slices.length > 0)); // absent when not given, so files without it keep their hash
  /** The grid (x, y, z) of every case; with {@code slices}, the in-plane size (x, y). */
  public static final Setting<int[]> PHANTOM_SHAPE = declare(Setting.of("data.phantom.shape",
      ints("3 whole numbers 8..1024, or with 'slices' 2 whole numbers 16..1024", ExperimentSettings::readShape)));
  public static final Setting<Long> PHANTOM_SEED =
      declare(Setting.of("data.phantom.seed", longInteger(0, Long.MAX_VALUE)));
  /** The last cases stored windowed to 0..255 like the radiopaedia cases; 0 is none. */
  public static final Setting<Integer> PHANTOM_WINDOWED = declare(Setting.of("data.phantom.windowed",
      SettingType.<Integer>custom("whole number 0..cases", (n, k, v) -> (int) n.integer(k, 0, v.get(PHANTOM_CASES)),
          x -> x, x -> x))
      .orElse(0).hashedOnlyWhen(windowed -> windowed > 0)); // likewise
  /** The images archive ({@link ArchiveSource}): read when the file gives no phantoms. */
  public static final Setting<String> IMAGES_URL =
      declare(Setting.of("data.images.url", text()).check(ExperimentSettings::urlProblem));
  public static final Setting<String> IMAGES_SHA256 =
      declare(Setting.of("data.images.sha256", text()).check(ExperimentSettings::sha256Problem));
  public static final Setting<String> MASKS_URL =
      declare(Setting.of("data.masks.url", text()).check(ExperimentSettings::urlProblem));
  public static final Setting<String> MASKS_SHA256 =
      declare(Setting.of("data.masks.sha256", text()).check(ExperimentSettings::sha256Problem));

  // ---- preprocessing (mapped to the segmentation library by PreprocessingMapping) ----
  public static final Setting<double[]> CLIP = declare(Setting.of("preprocessing.clip", numbers(2, -1e6, 1e6))
      .check((clip, v) -> clip[0] < clip[1] ? null
          : "must be [min, max] with min < max, got [" + clip[0] + ", " + clip[1] + "]"));
  public static final Setting<Boolean> GRAYSCALE = declare(Setting.of("preprocessing.grayscale", bool()).orElse(true));
  public static final Setting<double[]> TARGET_SPACING =
      declare(Setting.of("preprocessing.target_spacing", numbers(3, 1e-3, 100)));
  public static final Setting<String> IMAGE_INTERPOLATION =
      declare(Setting.of("preprocessing.image_interpolation", choice("cubic", "linear")).orElse("cubic"));
  public static final Setting<String> LABEL_INTERPOLATION =
      declare(Setting.of("preprocessing.label_interpolation", choice("linear_rounded", "nearest"))
          .orElse("linear_rounded"));
  public static final Setting<Boolean> ZSCORE = declare(Setting.of("preprocessing.zscore", bool()).orElse(true));

  // ---- model ----
  public static final Setting<String> ARCHITECTURE =
      declare(Setting.of("model.architecture", choice("unet3d_standard")).orElse("unet3d_standard"));
  public static final Setting<Integer> DEPTH = declare(Setting.of("model.depth", integer(1, 6)).into("unet.depth"));
  public static final Setting<Integer> BASE_FILTERS =
      declare(Setting.of("model.base_filters", integer(1, 256)).into("unet.baseFilters"));
  public static final Setting<int[]> PATCH = declare(Setting.of("model.patch", ints(3, 4, 1024))
      .check((patch, v) -> Arrays.stream(patch).allMatch(p -> p % (1 << v.get(DEPTH)) == 0) ? null
          : "must be divisible by 2^depth = " + (1 << v.get(DEPTH)) + " on every axis, got " + Arrays.toString(patch))
      .into("unet.patchShape"));
  public static final Setting<Double> BN_MOMENTUM =
      declare(Setting.of("model.bn_momentum", number(0, 1)).orElse(0.99).into("unet.bnMomentum"));

  // ---- training ----
  public static final Setting<Integer> FOLDS = declare(Setting.of("training.folds", integer(2, 100)));
  public static final Setting<Integer> EPOCHS =
      declare(Setting.of("training.epochs", integer(1, 100_000)).into("training.epochs"));
  public static final Setting<Integer> ITERATIONS_PER_EPOCH =
      declare(Setting.of("training.iterations_per_epoch", integer(1, 1_000_000)).into("training.iterationsPerEpoch"));
  public static final Setting<Integer> BATCH_SIZE =
      declare(Setting.of("training.batch_size", integer(1, 1024)).into("training.batchSize"));
  public static final Setting<Integer> MICRO_BATCH = declare(Setting.of("training.micro_batch", integer(1, 1024))
      .orElseFrom(v -> v.get(BATCH_SIZE))
      .check((micro, v) -> v.get(BATCH_SIZE) % micro == 0 ? null
          : "must divide batch_size " + v.get(BATCH_SIZE) + ", got " + micro)
      .into("training.microBatch"));
  public static final Setting<Double> LEARNING_RATE =
      declare(Setting.of("training.learning_rate", number(1e-9, 10)).into("training.learningRate"));
  /** How the rate moves from step to step: constant (MIScnn) or poly, nnU-Net's (1 - step/steps)^0.9 decay. */
  public static final Setting<String> LR_SCHEDULE =
      declare(Setting.of("training.lr_schedule", choice("constant", "poly")).orElse("constant")
          .hashedOnlyWhen(schedule -> !"constant".equals(schedule)) // absent when constant: files keep their hash
          .into("training.lrSchedule"));
  public static final Setting<String> LOSS =
      declare(Setting.of("training.loss", choice(LOSSES)).orElse("tversky_crossentropy").into("training.loss"));
  public static final Setting<List<String>> METRICS = declare(Setting.of("training.metrics", names())
      .check((metrics, v) -> metrics.stream().filter(m -> !List.of(LOSSES).contains(m)).findFirst()
          .map(m -> "has unknown metric '" + m + "'; known: " + String.join(", ", LOSSES)).orElse(null))
      .into("training.metrics"));
  public static final Setting<Integer> BATCH_QUEUE_SIZE =
      declare(Setting.of("training.batch_queue_size", integer(1, 64)).orElse(3).into("training.batchQueueSize"));
  public static final Setting<String> AUGMENTATION =
      declare(Setting.of("training.augmentation", choice("miscnn", "none"))
          .orElse("miscnn").into("training.augment", (a, v, fold) -> "miscnn".equals(a)));
  /** nnU-Net's foreground oversampling: the share of training patches centred on a foreground voxel. */
  public static final Setting<Double> FOREGROUND_OVERSAMPLING =
      declare(Setting.of("training.foreground_oversampling", number(0, 1)).orElse(0.0)
          .hashedOnlyWhen(share -> share > 0) // absent when off, so files without it keep their hash
          .into("training.foregroundShare"));
  /** Fixed, seeded validation patches evaluated after every epoch; 0 is off. */
  public static final Setting<Integer> VALIDATION_PATCHES =
      declare(Setting.of("training.validation_patches", integer(0, 10_000)).orElse(0)
          .check((n, v) -> n % v.get(MICRO_BATCH) == 0 ? null
              : "must be a multiple of micro_batch " + v.get(MICRO_BATCH) + ", got " + n)
          .hashedOnlyWhen(n -> n > 0) // absent when off, so files without it keep their hash
          .into("training.validationBatches", (n, v, fold) -> (Integer) n / v.get(MICRO_BATCH)));
  public static final Setting<String> PLATEAU_MONITOR =
      declare(Setting.of("training.reduce_lr_on_plateau.monitor", text()).orElse("loss")
          .checkAfterSection(ExperimentSettings::monitorProblem).into("training.reduceLr.monitor"));
  public static final Setting<Double> PLATEAU_FACTOR =
      declare(Setting.of("training.reduce_lr_on_plateau.factor", number(1e-6, 1 - 1e-9))
          .into("training.reduceLr.factor"));
  public static final Setting<Integer> PLATEAU_PATIENCE =
      declare(Setting.of("training.reduce_lr_on_plateau.patience", integer(0, 100_000))
          .into("training.reduceLr.patience"));
  public static final Setting<Double> PLATEAU_MIN_DELTA = declare(Setting.of("training.reduce_lr_on_plateau.min_delta",
      number(0, 1e6)).orElse(1e-4).into("training.reduceLr.minDelta"));
  public static final Setting<Integer> PLATEAU_COOLDOWN = declare(Setting.of("training.reduce_lr_on_plateau.cooldown",
      integer(0, 100_000)).orElse(0).into("training.reduceLr.cooldown"));
  public static final Setting<Double> PLATEAU_MIN_LR = declare(Setting.of("training.reduce_lr_on_plateau.min_lr",
      number(0, 1)).orElse(0.0).into("training.reduceLr.minLr"));
  public static final Setting<String> STOPPING_MONITOR = declare(Setting.of("training.early_stopping.monitor", text())
      .orElse("loss").checkAfterSection(ExperimentSettings::monitorProblem).into("training.earlyStopping.monitor"));
  public static final Setting<Integer> STOPPING_PATIENCE = declare(Setting.of("training.early_stopping.patience",
      integer(0, 100_000)).into("training.earlyStopping.patience"));

  // ---- evaluation ----
  public static final Setting<int[]> OVERLAP = declare(Setting.of("evaluation.overlap", ints(3, 0, 1024))
      .check((overlap, v) -> {
        int[] patch = v.get(PATCH);
        for (int axis = 0; axis < 3; axis++) {
          if (overlap[axis] >= patch[axis]) {
            return "must be smaller than the patch on every axis, got " + Arrays.toString(overlap) + " for patch "
                + Arrays.toString(patch);
          }
        }
        return null;
      }));
  public static final Setting<Boolean> GAUSSIAN = declare(Setting.of("evaluation.gaussian", bool()).orElse(false));
  public static final Setting<double[]> NSD_TOLERANCE_MM =
      declare(Setting.of("evaluation.nsd_tolerance_mm", numbers(0, 0, 1000))
          .check((nsd, v) -> nsd.length == v.classes().size() ? null
              : "must have one value per class (" + v.classes().size() + "), got " + nsd.length));
  public static final Setting<Integer> OVERLAYS =
      declare(Setting.of("evaluation.overlays", integer(0, 1000)).orElse(2));
  /**
   * Test-time mirroring (nnU-Net's): each window also predicted mirrored along every combination of these axes
   * and the softmax averaged; absent (empty) is off, one pass per window.
   */
  public static final Setting<List<String>> MIRROR = declare(Setting.of("evaluation.mirror", names())
      .orElse(List.of())
      .check((axes, v) -> axes.stream().allMatch(List.of("x", "y", "z")::contains) ? null
          : "must list axes among x, y and z, got " + axes)
      .hashedOnlyWhen(axes -> !axes.isEmpty())); // absent when off, so files without it keep their hash
  /** Classes that trade places when x (left-right) is mirrored, e.g. {@code {lung_L: lung_R}}. */
  public static final Setting<Map<String, String>> MIRROR_SWAP = declare(Setting.of("evaluation.mirror_swap",
      SettingType.<Map<String, String>>custom("mapping of class names to class names", ExperimentSettings::readSwap,
          java.util.TreeMap::new, Map::copyOf))
      .orElse(Map.of())
      .check((swap, v) -> swap.isEmpty() || v.get(MIRROR).contains("x") ? null
          : "only applies when evaluation.mirror includes x; add x there or remove this")
      .hashedOnlyWhen(swap -> !swap.isEmpty())); // likewise
  /** Derived class groups reported beside the classes, e.g. {@code lungs: [lung_L, lung_R]}. */
  public static final Setting<Map<String, List<String>>> GROUPS =
      declare(Setting.of("evaluation.groups", namedLists(ExperimentSettings::readGroups)).orElse(Map.of())
          .hashedOnlyWhen(groups -> !groups.isEmpty())); // absent when none, so files without groups keep their hash

  /**
   * Sub-sections read only when their parent mapping calls for them (their settings are then absent from the
   * values: {@link SettingValues#has}); the others are required. A parent's rule ({@link #SECTION_RULES}) runs
   * before its first sub-section is read.
   */
  static final Map<String, java.util.function.Predicate<ConfigNode>> SECTIONS_READ_WHEN = Map.of(
      "data.phantom", data -> data.has("phantom"),
      "data.images", data -> !data.has("phantom"),
      "data.masks", data -> !data.has("phantom"));

  /** Rules about a mapping as a whole: a problem in words (reported on the mapping), or null. */
  static final Map<String, java.util.function.Function<ConfigNode, String>> SECTION_RULES = Map.of(
      "data", data -> data.has("phantom") == (data.has("images") || data.has("masks"))
          ? "must have either 'phantom' or both 'images' and 'masks'" : null);

  /**
   * Every setting in declaration order, which is the order of reading: the top-level ones (before {@code data}),
   * then the sections, a section's settings together.
   */
  public static final List<Setting<?>> ALL = List.copyOf(DECLARED);

  /** The library configs settings go into: the first part of a target path, and the record it names. */
  public static final Map<String, String> LIBRARIES = Map.of(
      "unet", "io.foldwise.unet.config.UnetConfig",
      "training", "io.foldwise.unet.config.TrainingConfig");

  /** Library components that no file setting gives: what they are made of. */
  public static final Map<String, Setting.Converter> LIBRARY_FIXED = fixed();

  private static Map<String, Setting.Converter> fixed() {
    Map<String, Setting.Converter> m = new LinkedHashMap<>();
    m.put("unet.classes", (none, v, fold) -> v.classes().size()); // data.classes, label 0 first
    m.put("unet.inputChannels", (none, v, fold) -> 1); // CT: one channel
    m.put("unet.bnEpsilon", (none, v, fold) -> BN_EPSILON);
    return m;
  }

  /** Adds {@code setting} to {@link #ALL}: every declaration below is wrapped in it. */
  private static <T> Setting<T> declare(Setting<T> setting) {
    DECLARED.add(setting);
    return setting;
  }

  /** What every epoch records: loss, the metrics, and when validating val_loss and val_<metric>. */
  public static List<String> recorded(List<String> metrics, boolean validating) {
    List<String> out = new ArrayList<>();
    out.add("loss");
    out.addAll(metrics);
    if (validating) {
      List.copyOf(out).forEach(m -> out.add("val_" + m));
    }
    return out;
  }

  private static String monitorProblem(String monitor, SettingValues v) {
    int validation = v.get(VALIDATION_PATCHES);
    List<String> recorded = recorded(v.get(METRICS), validation > 0);
    return recorded.contains(monitor) ? null : "must be one of " + String.join(", ", recorded) + ", got '" + monitor
        + "'" + (monitor.startsWith("val_") && validation == 0
            ? " (val_ metrics need " + VALIDATION_PATCHES.key() + " > 0)" : "");
  }

  private static int[] readShape(ConfigNode node, String name, SettingValues values) {
    if (values.get(PHANTOM_SLICES).length == 0) {
      return node.ints(name, 3, 8, 1024);
    }
    try {
      return node.ints(name, 2, 16, 1024);
    } catch (ExperimentConfigException e) {
      throw new ExperimentConfigException(e.getMessage()
          + " (with 'slices', 'shape' is the in-plane size [x, y]; the slice counts come from 'slices')");
    }
  }

  private static String urlProblem(String url, SettingValues values) {
    return url.startsWith("https://") || url.startsWith("http://") || url.startsWith("file:") ? null
        : "must start with https://, http:// or file:, got '" + url + "'";
  }

  private static String sha256Problem(String sha, SettingValues values) {
    return SHA256.matcher(sha).matches() ? null : "must be 64 lower-case hex digits, got '" + sha + "'";
  }

  private static long requireFold(int fold) {
    if (fold < 0) {
      throw new IllegalArgumentException("the training config is per fold: give the fold");
    }
    return fold;
  }

  private static Map<String, String> readSwap(ConfigNode node, String name, SettingValues values) {
    List<String> classNames = values.classes();
    Map<String, String> swap = new LinkedHashMap<>();
    ConfigNode m = node.object(name);
    for (String from : m.keys()) {
      String to = m.string(from);
      for (String c : List.of(from, to)) {
        if (!classNames.contains(c)) {
          throw m.error(from, "names '" + c + "', which is not a class; the classes are " + String.join(", ", classNames));
        }
      }
      if (from.equals(to)) {
        throw m.error(from, "pairs a class with itself; name the class it becomes when x is mirrored");
      }
      if (swap.containsKey(from) || swap.containsKey(to) || swap.containsValue(from) || swap.containsValue(to)) {
        throw m.error(from, "names a class that is already paired; each class trades places with at most one");
      }
      swap.put(from, to);
    }
    m.finish();
    if (swap.isEmpty()) {
      throw node.error(name, "must pair at least two classes, e.g. {lung_L: lung_R}");
    }
    return swap;
  }

  private static Map<String, List<String>> readGroups(ConfigNode node, String name, SettingValues values) {
    List<String> classNames = values.classes();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    ConfigNode g = node.object(name);
    for (String group : g.keys()) {
      if (!GROUP_NAME.matcher(group).matches()) {
        throw g.error(group, "must be named with lower-case letters, digits and '_' (at most 40), starting"
            + " with a letter");
      }
      if (classNames.contains(group)) {
        throw g.error(group, "has the name of a class; a group needs a name of its own");
      }
      List<String> members = g.strings(group);
      for (String member : members) {
        if (!classNames.contains(member)) {
          throw g.error(group, "lists '" + member + "', which is not a class; the classes are "
              + String.join(", ", classNames));
        }
      }
      if (members.size() < 2) {
        throw g.error(group, "must list at least two classes, got " + members);
      }
      groups.put(group, members);
    }
    g.finish();
    return groups;
  }
}
