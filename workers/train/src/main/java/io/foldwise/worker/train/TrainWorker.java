package io.foldwise.worker.train;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.runtime.conductor.StageWorker;
import io.foldwise.runtime.conductor.TaskContext;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.CodeFingerprint;
import io.foldwise.runtime.experiment.FoldFiles;
import io.foldwise.runtime.experiment.FoldInputs;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.experiment.ParentRun;
import io.foldwise.runtime.experiment.TaskInputs;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.segmentation.folds.Fold;
import io.foldwise.segmentation.folds.FoldSplit;
import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.checkpoint.CheckpointMismatchException;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.ModelIO;
import io.foldwise.unet.runtime.NativeBackend;
import io.foldwise.unet.train.Trainer;
import io.foldwise.unet.train.TrainingResult;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code foldwise_train}: trains one fold on its training cases, loaded from the preprocessed
 * samples in the artifact store, validating every epoch on fixed patches of its validation cases when
 * {@code training.validation_patches} is set. Every epoch goes to the fold's nested MLflow run and a complete
 * checkpoint to {@code runs/<experiment>/<config-hash>/fold-<k>/checkpoints/}; a restarted task
 * resumes from the last checkpoint (one made under another config or split is refused: terminal).
 * The trained model is stored as {@code model.zip} next to them.
 */
public final class TrainWorker extends StageWorker {
  /** The task inputs this worker reads: exactly its task definition's inputParameters (a test checks). */
  public static final java.util.List<String> INPUTS = java.util.List.of("config", "fold", "samplesPrefix", "splitKey", "splitHash", "parentRunId");
  private final Settings settings;
  private final ArtifactStore store;
  private final Tracking tracking;

  public TrainWorker(Settings settings, ArtifactStore store, Tracking tracking) {
    super("foldwise_train", INPUTS);
    this.settings = settings;
    this.store = store;
    this.tracking = tracking;
  }

  @Override
  protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception {
    ExperimentConfig config = TaskInputs.config(input);
    int fold = TaskInputs.integer(input, "fold");
    String samplesPrefix = TaskInputs.string(input, "samplesPrefix");
    String splitKey = TaskInputs.string(input, "splitKey");
    String splitHash = TaskInputs.string(input, "splitHash");
    String parentRunId = TaskInputs.string(input, "parentRunId");
    FoldSplit split = FoldSplit.fromJson(new String(store.getBytes(splitKey), StandardCharsets.UTF_8));
    if (!split.sha256().equals(splitHash)) {
      throw new InvalidInputException("fold " + fold + ": split " + store.uri(splitKey) + " has hash "
          + split.sha256() + " but the task expects " + splitHash + "; relaunch the experiment");
    }
    Fold f = split.fold(fold);
    injectedFault(fold);
    discardStaleOutput(config, fold, new FoldInputs(samplesPrefix, splitHash, CodeFingerprint.hash(TrainWorker.class)), ctx);
    String runId = ParentRun.openFold(tracking, config, parentRunId, fold,
        Map.of("foldwise.split_hash", splitHash, "foldwise.train_cases", String.join(",", f.train()),
            "foldwise.validation_cases", String.join(",", f.validation()),
            "foldwise.native_backend", NativeBackend.describe()));
    // who trains it (set on every attempt: a retried fold may train on another host)
    tracking.setTag(runId, "foldwise.host", ctx.host());
    tracking.setTag(runId, "foldwise.worker_id", ctx.workerId());
    Path spool = Files.createDirectories(settings.dataDir().resolve("work/train"));
    EpochLogger logger = new EpochLogger(store, tracking, config, fold, runId, ctx);
    TrainingResult result;
    try (CaseFolder cases = CaseFolder.create(spool)) {
      result = train(config, fold, f, samplesPrefix, splitHash, logger, cases.path(), spool, ctx);
    }
    String modelKey = FoldFiles.modelKey(config, fold);
    Path model = Files.createTempFile(spool, "model", ".zip");
    try {
      try (OutputStream out = Files.newOutputStream(model)) {
        ModelIO.write(result.model(), out, false);
      }
      store.putFile(modelKey, model);
    } finally {
      Files.deleteIfExists(model);
    }
    Trainer.release(result.model()); // its native arrays now, not beside the next fold's

    tracking.setTag(runId, "foldwise.epochs", String.valueOf(result.state().epochsCompleted()));
    tracking.flush();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("foldRunId", runId);
    out.put("modelKey", modelKey);
    out.put("modelUri", store.uri(modelKey));
    out.put("epochs", result.state().epochsCompleted());
    out.put("resumedFromEpoch", logger.resumedFrom());
    out.put("stoppedEarly", result.stoppedEarly());
    out.put("cached", logger.resumedFrom() > 0 && logger.resumedFrom() == result.state().epochsCompleted());
    return out;
  }

  /** Loads the fold's cases (images into {@code caseDir}) and trains it (or resumes, or finds it trained). */
  private TrainingResult train(ExperimentConfig config, int fold, Fold f, String samplesPrefix, String splitHash,
      EpochLogger logger, Path caseDir, Path spool, TaskContext ctx) throws Exception {
    List<Sample> train = SampleLoader.load(store, samplesPrefix, f.train(), caseDir, ctx::log);
    // MIScnn validates each epoch on the fold's validation cases: here a fixed, seeded set of their patches
    List<Sample> validation = config.training().validationPatches() > 0
        ? SampleLoader.load(store, samplesPrefix, f.validation(), caseDir, ctx::log) : List.of();
    MinioCheckpointStore checkpoints = new MinioCheckpointStore(store, FoldFiles.checkpointPrefix(config, fold), spool);
    // the experiment's settings as the library's configs: the model from the seed, the patch stream from seed + fold
    Trainer trainer = new Trainer(config.library(UnetConfig.class), config.library(TrainingConfig.class, fold),
        checkpoints, splitHash).addListener(logger);
    try {
      return trainer.train(train, validation);
    } catch (CheckpointMismatchException e) {
      throw new InvalidInputException("fold " + fold + ": " + e.getMessage(), e);
    }
  }

  /** Environment variable: fold indexes whose training fails terminally (fault drills; unset by default). */
  public static final String FAULT_ENV = "FOLDWISE_FAULT_FAIL_FOLDS";

  /**
   * Fault injection for drills and tests, off unless {@value #FAULT_ENV} is set (e.g. {@code 1} or
   * {@code 0,2}): the listed folds fail terminally before training, as a fold with bad data would.
   */
  private static void injectedFault(int fold) {
    String v = System.getenv(FAULT_ENV);
    if (v == null || v.isBlank()) {
      return;
    }
    for (String part : v.split(",")) {
      if (part.trim().equals(String.valueOf(fold))) {
        throw new InvalidInputException("fold " + fold + ": fault injected by " + FAULT_ENV + "=" + v
            + " on this train worker; restart the worker without it and resume the execution");
      }
    }
  }

  /**
   * A fold's checkpoints, model, history and evaluation are reused (or resumed) only when they were
   * computed from these samples, this split and this training code ({@link FoldInputs}); otherwise they are
   * removed and the fold trains from scratch. The inputs are recorded before training writes anything.
   */
  private void discardStaleOutput(ExperimentConfig config, int fold, FoldInputs wanted, TaskContext ctx) {
    String prefix = StageKeys.foldPrefix(config, fold) + "/";
    boolean hasOutput = !store.list(FoldFiles.checkpointPrefix(config, fold) + "/").isEmpty()
        || store.exists(FoldFiles.modelKey(config, fold));
    List<String> why = FoldInputs.staleness(FoldInputs.read(store, config, fold), hasOutput, wanted);
    if (!why.isEmpty()) {
      ctx.log("fold " + fold + ": " + String.join(", ", why) + " since its checkpoints at " + store.uri(prefix)
          + " were written; removing them and training again");
      for (String stale : List.of(prefix + "checkpoints/", prefix + "evaluation/", FoldFiles.modelKey(config, fold),
          FoldFiles.historyKey(config, fold))) {
        store.deletePrefix(stale);
      }
    }
    wanted.write(store, config, fold);
  }
}
