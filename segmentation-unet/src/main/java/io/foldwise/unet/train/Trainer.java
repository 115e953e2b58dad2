package io.foldwise.unet.train;

import io.foldwise.segmentation.augment.AugmentationConfig;
import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.checkpoint.Checkpoint;
import io.foldwise.unet.checkpoint.CheckpointKind;
import io.foldwise.unet.checkpoint.CheckpointMismatchException;
import io.foldwise.unet.checkpoint.CheckpointStore;
import io.foldwise.unet.config.ConfigHash;
import io.foldwise.unet.config.LossKind;
import io.foldwise.unet.config.LrSchedule;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.data.BatchQueue;
import io.foldwise.unet.data.PatchStream;
import io.foldwise.unet.data.Tensors;
import io.foldwise.unet.model.UnetFactory;
import io.foldwise.unet.runtime.NativeBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the U-Net: epochs x iterations Adam steps on random (augmented) patches prepared in
 * background threads, MIScnn's ReduceLROnPlateau and EarlyStopping (the plateau sets the base rate, which an
 * {@link LrSchedule} may scale per step), a latest checkpoint after
 * every epoch, a best checkpoint when the monitored metric improves and a final one at the end.
 * With validation samples and {@code validationBatches > 0}, every epoch also records the loss and
 * metrics ({@code val_loss}, {@code val_dice_soft}, ...) on one fixed, seeded set of validation
 * patches ({@link PatchStream#fixedSet}), the same set every epoch and after a resume; callbacks may
 * monitor them. A monitor no epoch records is refused before the first epoch.
 *
 * <p>{@link #train} first looks for a checkpoint (final, then latest, then best) and resumes from
 * it; a checkpoint of another configuration or split is refused with a
 * {@link CheckpointMismatchException}. Same seed, same native build and thread count: resumed and
 * uninterrupted trainings produce bit-identical losses and weights.
 */
public final class Trainer {
  private final UnetConfig model;
  private final TrainingConfig training;
  private final CheckpointStore store;
  private final String splitHash;
  private final String configHash;
  private final List<TrainingListener> listeners = new ArrayList<>();

  /**
   * @param splitHash the caller's hash of the training/validation split (stored in every
   *     checkpoint and checked on resume)
   */
  public Trainer(UnetConfig model, TrainingConfig training, CheckpointStore store, String splitHash) {
    this.model = Objects.requireNonNull(model, "model == null");
    this.training = Objects.requireNonNull(training, "training == null");
    this.store = Objects.requireNonNull(store, "store == null");
    this.splitHash = Objects.requireNonNull(splitHash, "splitHash == null");
    this.configHash = ConfigHash.of(model, training);
  }

  public Trainer addListener(TrainingListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener == null"));
    return this;
  }

  public String configHash() {
    return configHash;
  }

  /** Trains (or resumes) on patches of {@code trainSamples}; {@code validation} may be empty. */
  public TrainingResult train(List<Sample> trainSamples, List<Sample> validation) throws IOException {
    String backend = NativeBackend.select() + ", threads " + Runtime.getRuntime().availableProcessors();
    Objects.requireNonNull(trainSamples, "trainSamples == null");
    Objects.requireNonNull(validation, "validation == null");
    boolean validating = !validation.isEmpty() && training.validationBatches() > 0;
    Monitors.check(training, validating);
    List<String> validationCases = validating ? validation.stream().map(Sample::caseId).toList() : List.of();
    Optional<Resumed> resumed = resume(validationCases);
    ComputationGraph graph;
    TrainingState state;
    if (resumed.isPresent()) {
      graph = resumed.get().graph;
      state = resumed.get().state;
    } else {
      graph = UnetFactory.create(model, training);
      state = TrainingState.initial(configHash, splitHash, training.learningRate(), training.seed(), backend,
          validationCases);
    }
    Optional<CheckpointKind> from = resumed.map(r -> r.kind);
    for (TrainingListener l : listeners) {
      l.onTrainingStart(state, state.epochsCompleted());
    }
    if (state.finished() && (state.stopped() || state.epochsCompleted() >= training.epochs())) {
      TrainingResult done = new TrainingResult(graph, state, from);
      listeners.forEach(l -> l.onTrainingEnd(done));
      return done;
    }
    AugmentationConfig augmentation = training.augment() ? AugmentationConfig.miscnn() : null;
    PatchStream trainStream = new PatchStream(trainSamples, model.patchShape(), augmentation, state.streamSeed(),
        training.foregroundShare());
    List<Patch> validationSet = validating
        ? new PatchStream(validation, model.patchShape(), null, state.streamSeed())
            .fixedSet(training.validationBatches() * training.microBatch())
        : null;
    while (state.epochsCompleted() < training.epochs() && !state.stopped()) {
      state = runEpoch(graph, state, trainStream, validationSet);
    }
    state = state.finish();
    save(CheckpointKind.FINAL, state, graph, null);
    TrainingResult result = new TrainingResult(graph, state, from);
    listeners.forEach(l -> l.onTrainingEnd(result));
    return result;
  }

  private TrainingState runEpoch(ComputationGraph graph, TrainingState state, PatchStream stream,
      List<Patch> validationSet) throws IOException {
    long started = System.nanoTime();
    int epoch = state.epochsCompleted();
    // the schedule scales the plateau-managed base rate per optimizer step; constant: once per epoch, as before
    boolean scheduled = training.lrSchedule() != LrSchedule.CONSTANT;
    double epochRate = state.learningRate() * training.lrSchedule().factor(state.iterations(), training.steps());
    graph.setLearningRate(epochRate);
    graph.getConfiguration().setEpochCount(epoch);
    double lossSum = 0;
    Map<LossKind, Double> metricSums = new TreeMap<>();
    long iteration = state.iterations();
    try (BatchQueue queue = new BatchQueue(stream, PatchStream.TRAINING, epoch,
        training.iterationsPerEpoch(), training.batchSize(), training.batchQueueSize())) {
      for (int i = 0; i < training.iterationsPerEpoch(); i++) {
        if (scheduled && i > 0) { // in place: DL4J's setLearningRate rebuilds the updater, too slow per step
          LearningRates.set(graph, state.learningRate() * training.lrSchedule().factor(iteration, training.steps()));
        }
        GradientStep.Outcome out = GradientStep.run(graph, microBatches(queue.next()));
        lossSum += out.loss();
        out.metrics().forEach((k, v) -> metricSums.merge(k, v, Double::sum));
        iteration++;
        for (TrainingListener l : listeners) {
          l.onIteration(epoch + 1, iteration, out.loss());
        }
      }
    }
    Map<String, Double> metrics = new TreeMap<>();
    metrics.put("loss", lossSum / training.iterationsPerEpoch());
    for (LossKind k : training.metrics()) {
      metrics.put(k.id(), metricSums.get(k) / training.iterationsPerEpoch());
    }
    if (validationSet != null) {
      // the training step's workspaces and the validation forward pass's would be held side by side: at the
      // paper's patch that took the train worker from 9-10 GB to 12.3 GB (rehearsal). Released before and after,
      // the peak is the larger of the two; the next step sizes its workspaces again in its first loop.
      releaseWorkspaces();
      metrics.putAll(validate(graph, validationSet));
      releaseWorkspaces();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    EpochResult result = new EpochResult(epoch + 1, metrics, epochRate, iteration, seconds);

    double lr = state.learningRate();
    ReduceLrOnPlateau.State plateau = state.plateau();
    if (training.reduceLr() != null) {
      ReduceLrOnPlateau.Step step = ReduceLrOnPlateau.update(training.reduceLr(), plateau,
          Monitors.value(result, training.reduceLr().monitor()), lr);
      lr = step.learningRate();
      plateau = step.state();
    }
    EarlyStopping.State stopping = state.earlyStopping();
    boolean stop = false;
    if (training.earlyStopping() != null) {
      EarlyStopping.Step step = EarlyStopping.update(training.earlyStopping(), stopping,
          Monitors.value(result, training.earlyStopping().monitor()));
      stopping = step.state();
      stop = step.stop();
    }
    String monitor = bestMonitor();
    double current = Monitors.value(result, monitor);
    boolean better = Double.isNaN(state.bestValue()) || (Monitors.maximize(monitor)
        ? current > state.bestValue() : current < state.bestValue());
    double best = better ? current : state.bestValue();
    int bestEpoch = better ? epoch + 1 : state.bestEpoch();
    TrainingState next = state.afterEpoch(result, lr, plateau, stopping, stop, best, bestEpoch);
    save(CheckpointKind.LATEST, next, graph, better ? CheckpointKind.BEST : null);
    listeners.forEach(l -> l.onEpochEnd(result));
    return next;
  }

  /** The metric that decides the best checkpoint: early stopping's monitor, else plateau's, else loss. */
  private String bestMonitor() {
    if (training.earlyStopping() != null) {
      return training.earlyStopping().monitor();
    }
    return training.reduceLr() != null ? training.reduceLr().monitor() : "loss";
  }

  private List<INDArray[]> microBatches(List<Patch> batch) {
    List<INDArray[]> out = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += training.microBatch()) {
      List<Patch> part = batch.subList(from, from + training.microBatch());
      out.add(new INDArray[] {Tensors.images(part), Tensors.oneHot(part, model.classes())});
    }
    return out;
  }

  /** Loss and metrics on the fixed validation set, in micro-batches (inference mode: no statistics change). */
  private Map<String, Double> validate(ComputationGraph graph, List<Patch> validationSet) {
    double loss = 0;
    Map<LossKind, Double> sums = new TreeMap<>();
    int batches = validationSet.size() / training.microBatch();
    for (int i = 0; i < batches; i++) {
      List<Patch> batch = validationSet.subList(i * training.microBatch(), (i + 1) * training.microBatch());
      DataSet ds = new DataSet(Tensors.images(batch), Tensors.oneHot(batch, model.classes()));
      loss += graph.score(ds, false);
      GradientStep.lossFunction(graph).lastMetrics().forEach((k, v) -> sums.merge(k, v, Double::sum));
    }
    Map<String, Double> out = new TreeMap<>();
    out.put("val_loss", loss / batches);
    for (LossKind k : training.metrics()) {
      out.put("val_" + k.id(), sums.get(k) / batches);
    }
    return out;
  }

  private void save(CheckpointKind kind, TrainingState state, ComputationGraph graph,
      CheckpointKind alsoAs) throws IOException {
    Path tmp = Files.createTempFile("foldwise-checkpoint-", ".zip");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        CheckpointCodec.write(state, graph, out);
      }
      long size = Files.size(tmp);
      for (CheckpointKind k : alsoAs == null ? List.of(kind) : List.of(kind, alsoAs)) {
        if (k == kind) {
          store.save(k, tmp);
        } else {
          store.copy(kind, k);
        }
        Checkpoint c = new Checkpoint(k, state.epochsCompleted(), state.iterations(), configHash,
            splitHash, size, store.describe(k));
        listeners.forEach(l -> l.onCheckpoint(c));
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private record Resumed(CheckpointKind kind, TrainingState state, ComputationGraph graph) {}

  private Optional<Resumed> resume(List<String> validationCases) throws IOException {
    for (CheckpointKind kind : CheckpointKind.RESUME_ORDER) {
      Optional<InputStream> opened = store.open(kind);
      if (opened.isEmpty()) {
        continue;
      }
      TrainingState state;
      try (InputStream in = opened.get()) {
        state = CheckpointCodec.readState(in);
      }
      if (!state.configHash().equals(configHash) || !state.splitHash().equals(splitHash)) {
        throw new CheckpointMismatchException("checkpoint " + store.describe(kind)
            + " was written for config " + state.configHash() + " and split " + state.splitHash()
            + ", but this training has config " + configHash + " and split " + splitHash
            + "; resume with the original configuration and split, or train into another location");
      }
      if (!state.validationCases().equals(validationCases)) {
        throw new CheckpointMismatchException("checkpoint " + store.describe(kind)
            + " was validated on cases " + state.validationCases() + ", but this training validates on "
            + validationCases + "; resume with the original validation cases, or train into another location");
      }
      ComputationGraph graph;
      try (InputStream in = store.open(kind).orElseThrow(
          () -> new IOException("checkpoint " + store.describe(kind) + " vanished while reading"))) {
        graph = CheckpointCodec.readModel(in);
      }
      graph.getConfiguration().setIterationCount((int) state.iterations());
      graph.setLearningRate(state.learningRate());
      return Optional.of(new Resumed(kind, state, graph));
    }
    return Optional.empty();
  }

  /** Frees ND4J's training workspaces of this thread (call before predicting on the same thread). */
  public static void releaseWorkspaces() {
    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
  }

  /**
   * Frees a model's parameters, gradients and optimizer state now rather than at some later garbage collection:
   * DL4J's {@code close}, which also destroys this thread's workspaces and asks for a collection. Off the Java heap,
   * a 160x160x80 U-Net holds about 360 MB of them; a worker that trains fold after fold otherwise allocates the next
   * fold's beside the last one's (the rehearsal's train worker peaked at 13,071 MiB over 5 folds, 12,484 with this).
   * The model must not be used afterwards.
   */
  public static void release(ComputationGraph model) {
    model.close();
  }

}
