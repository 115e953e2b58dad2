package io.foldwise.unet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigTest {

  /** The record components of {@code t} by name. */
  private static Map<String, Object> components(TrainingConfig t) throws Exception {
    Map<String, Object> m = new TreeMap<>();
    for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
      m.put(c.getName(), c.getAccessor().invoke(t));
    }
    return m;
  }

  /** {@code changed} differs from {@code base} in exactly the components {@code names}. */
  private static void changesOnly(TrainingConfig base, TrainingConfig changed, String... names) throws Exception {
    Map<String, Object> before = components(base);
    Map<String, Object> after = components(changed);
    for (String name : before.keySet()) {
      if (Set.of(names).contains(name)) {
        assertNotEquals(before.get(name), after.get(name), name + " was not changed");
      } else {
        assertEquals(before.get(name), after.get(name), name + " changed, or was not copied");
      }
    }
  }

  @Test
  void eachWithMethodChangesItsOwnComponentsAndCopiesTheRest() throws Exception {
    // every component of the base differs from a zero value, so a component the copy forgot shows up; the base is
    // made by the canonical constructor, not by a with-method under test
    TrainingConfig m = TrainingConfig.miscnn();
    TrainingConfig t = new TrainingConfig(m.epochs(), m.iterationsPerEpoch(), m.batchSize(), m.microBatch(),
        m.learningRate(), m.lrSchedule(), m.loss(), m.metrics(), m.reduceLr(), m.earlyStopping(), m.batchQueueSize(),
        m.augment(), 0.25, m.validationBatches(), m.seed());
    assertEquals(15, components(t).size(), "a new component: add it to TrainingConfig.Components and here");
    changesOnly(t, t.withEpochs(3), "epochs");
    changesOnly(t, t.withIterations(7), "iterationsPerEpoch");
    changesOnly(t, t.withBatch(4, 1), "batchSize", "microBatch");
    changesOnly(t, t.withLearningRate(0.5), "learningRate");
    changesOnly(t, t.withLrSchedule(LrSchedule.POLY), "lrSchedule");
    changesOnly(t, t.withAugment(false), "augment");
    changesOnly(t, t.withCallbacks(null, null), "reduceLr", "earlyStopping");
    changesOnly(t, t.withValidationBatches(5), "validationBatches");
    changesOnly(t, t.withForegroundShare(0.75), "foregroundShare");
    changesOnly(t, t.withSeed(99), "seed");
    assertEquals("microBatch 3 must divide batchSize 4", assertThrows(IllegalArgumentException.class,
        () -> t.withBatch(4, 3)).getMessage(), "a changed copy is checked as any new config");
  }

  @Test
  void miscnnDefaultsAreTheSeeds() {
    UnetConfig m = UnetConfig.miscnn();
    assertEquals(List.of(4, 32, 4, 160, 160, 80), List.of(m.depth(), m.baseFilters(), m.classes(),
        m.patchShape()[0], m.patchShape()[1], m.patchShape()[2]));
    assertEquals(0.99, m.bnMomentum());
    TrainingConfig t = TrainingConfig.miscnn();
    assertEquals(150, t.iterationsPerEpoch());
    assertEquals(2, t.batchSize());
    assertEquals(2, t.microBatch(), "a true batch of 2, as MIScnn");
    assertEquals(1e-4, t.learningRate());
    assertEquals(LrSchedule.CONSTANT, t.lrSchedule());
    assertEquals(LossKind.TVERSKY_CROSSENTROPY, t.loss());
    assertEquals(3, t.batchQueueSize());
    assertEquals(new PlateauConfig("loss", 0.1, 15, 1e-4, 1, 1e-5), t.reduceLr());
    assertEquals(new EarlyStoppingConfig("loss", 100), t.earlyStopping());
  }

  @Test
  void badValuesAreRefusedWithTheirValue() {
    assertEquals("patchShape [160, 160, 70] must be positive multiples of 2^depth = 16; change the "
            + "patch shape or the depth",
        assertThrows(IllegalArgumentException.class,
            () -> UnetConfig.miscnn().withPatchShape(160, 160, 70)).getMessage());
    assertEquals("microBatch 3 must divide batchSize 2", assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.miscnn().withBatch(2, 3)).getMessage());
    assertEquals("unknown loss or metric 'dice'; use one of tversky_loss, tversky_crossentropy, "
            + "dice_soft, dice_crossentropy",
        assertThrows(IllegalArgumentException.class, () -> LossKind.of("dice")).getMessage());
    assertEquals("unknown learning-rate schedule 'cosine'; use one of constant, poly",
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.of("cosine")).getMessage());
    assertEquals("step must be in 0..5, got 6 of 6",
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.POLY.factor(6, 6)).getMessage());
    assertEquals("reduceLr.factor must be in (0, 1), got 1.5", assertThrows(
        IllegalArgumentException.class, () -> new PlateauConfig("loss", 1.5, 1, 0, 0, 0)).getMessage());
  }

  @Test
  void hashChangesWithEverythingButTheEpochCount() {
    String h = ConfigHash.of(UnetConfig.smoke(), TrainingConfig.smoke());
    assertEquals(64, h.length());
    assertEquals(h, ConfigHash.of(UnetConfig.smoke(), TrainingConfig.smoke()));
    assertEquals(h, ConfigHash.of(UnetConfig.smoke(), TrainingConfig.smoke().withEpochs(9)));
    assertNotEquals(h, ConfigHash.of(UnetConfig.smoke(), TrainingConfig.smoke().withSeed(8)));
    assertNotEquals(h, ConfigHash.of(UnetConfig.smoke().withSeed(1), TrainingConfig.smoke()));
    assertNotEquals(h, ConfigHash.of(UnetConfig.smoke(), TrainingConfig.smoke().withLrSchedule(LrSchedule.POLY)));
  }

  @Test
  void polyDecaysFromTheBaseRateTowardsZeroAndConstantStaysAtIt() {
    assertEquals(1.0, LrSchedule.POLY.factor(0, 160));
    assertEquals(Math.pow(0.5, 0.9), LrSchedule.POLY.factor(80, 160), 1e-15);
    assertEquals(Math.pow(1 / 160.0, 0.9), LrSchedule.POLY.factor(159, 160), 1e-15);
    for (long step = 1; step < 160; step++) {
      double f = LrSchedule.POLY.factor(step, 160);
      assertTrue(f > 0 && f < LrSchedule.POLY.factor(step - 1, 160), "step " + step);
      assertEquals(1.0, LrSchedule.CONSTANT.factor(step, 160));
    }
    assertEquals(LrSchedule.POLY, LrSchedule.of("poly"));
    assertEquals(160, TrainingConfig.smoke().withEpochs(8).withIterations(20).steps());
  }
}
