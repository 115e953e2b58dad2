package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.TinyData;
import io.foldwise.unet.checkpoint.Checkpoint;
import io.foldwise.unet.checkpoint.CheckpointKind;
import io.foldwise.unet.checkpoint.CheckpointMismatchException;
import io.foldwise.unet.checkpoint.FileCheckpointStore;
import io.foldwise.unet.config.ConfigHash;
import io.foldwise.unet.config.EarlyStoppingConfig;
import io.foldwise.unet.config.LrSchedule;
import io.foldwise.unet.config.PlateauConfig;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerResumeTest {
  private static final UnetConfig MODEL = UnetConfig.smoke();
  // 3 epochs of 2 steps; batch 2 as 2 micro-batches of 1 (gradient accumulation), augmented
  private static final TrainingConfig TRAINING = TrainingConfig.smoke().withEpochs(3)
      .withIterations(2).withBatch(2, 1);
  private static final List<Sample> DATA = TinyData.phantoms(2, 5, 24, 20, 10);

  /** Simulates a crash right after epoch {@code k} was checkpointed. */
  private static final class Crash implements TrainingListener {
    private final int afterEpoch;

    Crash(int afterEpoch) {
      this.afterEpoch = afterEpoch;
    }

    @Override
    public void onEpochEnd(EpochResult r) {
      if (r.epoch() == afterEpoch) {
        throw new IllegalStateException("simulated crash after epoch " + afterEpoch);
      }
    }
  }

  @Test
  void resumedTrainingIsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) throws Exception {
    TrainingResult straight = new Trainer(MODEL, TRAINING, new FileCheckpointStore(dir.resolve("a")), "split-1")
        .train(DATA, List.of());

    FileCheckpointStore store = new FileCheckpointStore(dir.resolve("b"));
    IllegalStateException crash = assertThrows(IllegalStateException.class,
        () -> new Trainer(MODEL, TRAINING, store, "split-1").addListener(new Crash(1)).train(DATA, List.of()));
    assertEquals("simulated crash after epoch 1", crash.getMessage());
    assertTrue(Files.exists(store.path(CheckpointKind.LATEST)));
    assertFalse(Files.exists(store.path(CheckpointKind.FINAL)));

    List<Integer> resumedAt = new ArrayList<>();
    TrainingResult resumed = new Trainer(MODEL, TRAINING, store, "split-1")
        .addListener(new TrainingListener() {
          @Override
          public void onTrainingStart(TrainingState state, int from) {
            resumedAt.add(from);
          }
        })
        .train(DATA, List.of());

    assertEquals(List.of(1), resumedAt);
    assertEquals(Optional.of(CheckpointKind.LATEST), resumed.resumedFrom());
    assertEquals(3, resumed.history().size());
    for (int e = 0; e < 3; e++) {
      assertEquals(straight.history().get(e).metrics(), resumed.history().get(e).metrics(),
          "epoch " + (e + 1));
    }
    assertArrayEquals(straight.model().params().toFloatVector(), resumed.model().params().toFloatVector());
    assertArrayEquals(straight.model().getUpdater().getStateViewArray().toFloatVector(),
        resumed.model().getUpdater().getStateViewArray().toFloatVector());
  }

  @Test
  void resumeUnderThePolyScheduleIsBitIdenticalAndDecaysPerStep(@TempDir Path dir) throws Exception {
    // the plateau halves the base rate, the schedule scales it per step: both must resume
    TrainingConfig poly = TRAINING.withLrSchedule(LrSchedule.POLY)
        .withCallbacks(new PlateauConfig("loss", 0.5, 0, 1e6, 0, 1e-9), null);
    TrainingResult straight = new Trainer(MODEL, poly, new FileCheckpointStore(dir.resolve("a")), "s")
        .train(DATA, List.of());
    FileCheckpointStore store = new FileCheckpointStore(dir.resolve("b"));
    assertThrows(IllegalStateException.class,
        () -> new Trainer(MODEL, poly, store, "s").addListener(new Crash(2)).train(DATA, List.of()));
    TrainingResult resumed = new Trainer(MODEL, poly, store, "s").train(DATA, List.of());
    assertEquals(Optional.of(CheckpointKind.LATEST), resumed.resumedFrom());
    for (int e = 0; e < 3; e++) {
      assertEquals(straight.history().get(e).metrics(), resumed.history().get(e).metrics(), "epoch " + (e + 1));
      assertEquals(straight.history().get(e).learningRate(), resumed.history().get(e).learningRate());
      // epoch e (0-based) starts at step 2e of 6; the first epoch sets the plateau's best, every later one misses
      // min_delta 1e6, so the base rate is halved after every epoch from the second on: epoch e runs at 0.5^max(0, e-1) of it
      double base = poly.learningRate() * Math.pow(0.5, Math.max(0, e - 1));
      assertEquals(base * Math.pow(1 - 2.0 * e / 6, 0.9), straight.history().get(e).learningRate(), 1e-15,
          "epoch " + (e + 1));
    }
    assertArrayEquals(straight.model().params().toFloatVector(), resumed.model().params().toFloatVector());
    assertArrayEquals(straight.model().getUpdater().getStateViewArray().toFloatVector(),
        resumed.model().getUpdater().getStateViewArray().toFloatVector());
    // and the schedule is part of what a checkpoint is tied to
    assertTrue(!ConfigHash.of(MODEL, poly).equals(ConfigHash.of(MODEL, poly.withLrSchedule(LrSchedule.CONSTANT))));
  }

  @Test
  void resumeWithValidationIsBitIdenticalAndKeepsTheValidationCases(@TempDir Path dir) throws Exception {
    // validation on the fixed set of a held-out case; early stopping and the plateau watch val_loss
    List<Sample> data = TinyData.phantoms(3, 5, 24, 20, 10);
    TrainingConfig validated = TRAINING.withValidationBatches(2).withCallbacks(
        new PlateauConfig("val_loss", 0.5, 0, 0.0, 0, 1e-6),
        new EarlyStoppingConfig("val_loss", 10));
    List<Sample> train = data.subList(0, 2);
    List<Sample> validation = data.subList(2, 3);
    TrainingResult straight = new Trainer(MODEL, validated, new FileCheckpointStore(dir.resolve("a")), "s")
        .train(train, validation);

    FileCheckpointStore store = new FileCheckpointStore(dir.resolve("b"));
    assertThrows(IllegalStateException.class,
        () -> new Trainer(MODEL, validated, store, "s").addListener(new Crash(2)).train(train, validation));
    TrainingResult resumed = new Trainer(MODEL, validated, store, "s").train(train, validation);
    assertEquals(Optional.of(CheckpointKind.LATEST), resumed.resumedFrom());
    for (int e = 0; e < 3; e++) {
      assertTrue(straight.history().get(e).metrics().containsKey("val_loss"));
      assertEquals(straight.history().get(e).metrics(), resumed.history().get(e).metrics(), "epoch " + (e + 1));
      assertEquals(straight.history().get(e).learningRate(), resumed.history().get(e).learningRate());
    }
    assertArrayEquals(straight.model().params().toFloatVector(), resumed.model().params().toFloatVector());
    assertEquals(List.of(validation.get(0).caseId()), resumed.state().validationCases());

    // the checkpoint remembers what it was validated on: other validation cases are refused
    FileCheckpointStore other = new FileCheckpointStore(dir.resolve("c"));
    assertThrows(IllegalStateException.class,
        () -> new Trainer(MODEL, validated, other, "s").addListener(new Crash(1)).train(train, validation));
    CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
        () -> new Trainer(MODEL, validated, other, "s").train(train, data.subList(1, 2)));
    assertEquals("checkpoint " + dir.resolve("c/latest.ckpt") + " was validated on cases ["
        + validation.get(0).caseId() + "], but this training validates on [" + data.get(1).caseId()
        + "]; resume with the original validation cases, or train into another location", e.getMessage());
  }

  @Test
  void aFinishedTrainingResumesFromFinalWithoutTrainingAgain(@TempDir Path dir) throws Exception {
    TrainingConfig oneEpoch = TRAINING.withEpochs(1).withIterations(1);
    FileCheckpointStore store = new FileCheckpointStore(dir);
    List<Checkpoint> saved = new ArrayList<>();
    TrainingResult first = new Trainer(MODEL, oneEpoch, store, "s").addListener(new TrainingListener() {
      @Override
      public void onCheckpoint(Checkpoint c) {
        saved.add(c);
      }
    }).train(DATA, List.of());
    assertEquals(List.of(CheckpointKind.LATEST, CheckpointKind.BEST, CheckpointKind.FINAL),
        saved.stream().map(Checkpoint::kind).toList());
    // the first epoch is the best one: its checkpoint is a copy of the latest, byte for byte
    assertArrayEquals(Files.readAllBytes(store.path(CheckpointKind.LATEST)),
        Files.readAllBytes(store.path(CheckpointKind.BEST)));
    assertEquals(saved.get(0).sizeBytes(), Files.size(store.path(CheckpointKind.BEST)));
    List<Long> steps = new ArrayList<>();
    TrainingResult again = new Trainer(MODEL, oneEpoch, store, "s").addListener(new TrainingListener() {
      @Override
      public void onIteration(int epoch, long iteration, double loss) {
        steps.add(iteration);
      }
    }).train(DATA, List.of());
    assertEquals(List.of(), steps);
    assertEquals(Optional.of(CheckpointKind.FINAL), again.resumedFrom());
    assertArrayEquals(first.model().params().toFloatVector(), again.model().params().toFloatVector());
  }

  @Test
  void aCheckpointOfAnotherConfigIsRefused(@TempDir Path dir) throws Exception {
    TrainingConfig oneEpoch = TRAINING.withEpochs(1).withIterations(1);
    FileCheckpointStore store = new FileCheckpointStore(dir);
    new Trainer(MODEL, oneEpoch, store, "split-1").train(DATA, List.of());
    TrainingConfig otherLr = oneEpoch.withLearningRate(5e-4);
    CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
        () -> new Trainer(MODEL, otherLr, store, "split-1").train(DATA, List.of()));
    assertEquals("checkpoint " + dir.resolve("final.ckpt") + " was written for config "
        + ConfigHash.of(MODEL, oneEpoch) + " and split split-1, but this training has config "
        + ConfigHash.of(MODEL, otherLr) + " and split split-1; resume with the original "
        + "configuration and split, or train into another location", e.getMessage());

    CheckpointMismatchException split = assertThrows(CheckpointMismatchException.class,
        () -> new Trainer(MODEL, oneEpoch, store, "split-2").train(DATA, List.of()));
    assertTrue(split.getMessage().contains("and split split-1, but this training has config "
        + ConfigHash.of(MODEL, oneEpoch) + " and split split-2;"), split.getMessage());
  }
}
