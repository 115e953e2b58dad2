package io.foldwise.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The heartbeat of a long epoch in the task log: where it is and when it ends. */
class IterationLineTest {
  @Test
  void saysTheIterationInItsEpochTheSpeedAndWhenTheEpochEnds() {
    // epoch 3 of 100 with 150 iterations each: global iteration 357 is the epoch's 57th, after 57 x 26 s
    assertEquals("fold 0 epoch 3/100: iteration 57/150, loss 0.8123, 26.0 s/iteration, epoch done in ~40 min",
        EpochLogger.iterationLine(0, 3, 100, 357, 150, 0.81234, 57 * 26.0));
    assertEquals("fold 2 epoch 1/8: iteration 18/20, loss 1.5000, 2.0 s/iteration, epoch done in ~4 s",
        EpochLogger.iterationLine(2, 1, 8, 18, 20, 1.5, 36.0));
    assertEquals("fold 1 epoch 2/2: iteration 1/1, loss 4.8621, 120.0 s/iteration, validating and saving the epoch",
        EpochLogger.iterationLine(1, 2, 2, 2, 1, 4.86211, 120.0));
  }
}
