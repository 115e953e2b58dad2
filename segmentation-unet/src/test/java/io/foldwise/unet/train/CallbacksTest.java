package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.unet.config.EarlyStoppingConfig;
import io.foldwise.unet.config.PlateauConfig;
import org.junit.jupiter.api.Test;

/** ReduceLROnPlateau and EarlyStopping follow Keras's rules. */
class CallbacksTest {

  @Test
  void plateauReducesAfterPatienceThenCoolsDownAndRespectsMinLr() {
    PlateauConfig c = new PlateauConfig("loss", 0.1, 2, 1e-4, 1, 1e-5);
    ReduceLrOnPlateau.State s = ReduceLrOnPlateau.State.initial();
    double lr = 1e-3;
    double[] losses = {1.0, 0.99995, 0.99999, 1.0, 1.0, 1.0, 1.0, 1.0};
    // epoch 4 ends the cooldown (Keras counts it down before the wait check), epoch 5 reduces
    double[] expected = {1e-3, 1e-3, 1e-4, 1e-4, 1e-5, 1e-5, 1e-5, 1e-5};
    for (int e = 0; e < losses.length; e++) {
      ReduceLrOnPlateau.Step step = ReduceLrOnPlateau.update(c, s, losses[e], lr);
      lr = step.learningRate();
      s = step.state();
      assertEquals(expected[e], lr, 1e-12, "after epoch " + (e + 1));
    }
  }

  @Test
  void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
    EarlyStoppingConfig c = new EarlyStoppingConfig("loss", 2);
    EarlyStopping.State s = EarlyStopping.State.initial();
    EarlyStopping.Step a = EarlyStopping.update(c, s, 1.0);
    EarlyStopping.Step b = EarlyStopping.update(c, a.state(), 0.9);
    EarlyStopping.Step d = EarlyStopping.update(c, b.state(), 0.95);
    EarlyStopping.Step e = EarlyStopping.update(c, d.state(), 0.9);
    assertFalse(a.stop() || b.stop() || d.stop());
    assertTrue(e.stop());
    // a score is maximised
    EarlyStopping.Step up = EarlyStopping.update(new EarlyStoppingConfig("val_dice_soft", 1),
        new EarlyStopping.State(0.5, 0), 0.6);
    assertEquals(0.6, up.state().best());
  }
}
