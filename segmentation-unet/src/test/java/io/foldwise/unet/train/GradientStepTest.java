package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.UnetFactory;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientStepTest {

  /**
   * Two micro-batches of the same patch make the same step as one batch holding it twice: batch
   * norm sees the same statistics either way, so this isolates the accumulation (sum of raw
   * gradients, division by the whole batch, moving statistics averaged).
   */
  @Test
  void accumulatedMicroBatchesStepLikeTheWholeBatch() {
    UnetConfig config = UnetConfig.smoke();
    TrainingConfig training = TrainingConfig.smoke();
    ComputationGraph whole = UnetFactory.create(config, training);
    ComputationGraph split = UnetFactory.create(config, training);
    INDArray[] batch = io.foldwise.unet.TinyData.noiseBatch(8, 1);
    INDArray x = batch[0];
    INDArray y = batch[1];
    INDArray xx = Nd4j.concat(0, x, x);
    INDArray yy = Nd4j.concat(0, y, y);

    // fresh networks: the gradient view only exists after the first backward pass
    GradientStep.Outcome a = GradientStep.run(whole, List.<INDArray[]>of(new INDArray[] {xx, yy}));
    GradientStep.Outcome b = GradientStep.run(split,
        List.of(new INDArray[] {x, y}, new INDArray[] {x.dup(), y.dup()}));

    assertEquals(a.loss(), b.loss(), 1e-5);
    // Adam's first step is ~lr * sign(gradient) (lr 1e-3): float rounding of tiny gradients
    // shows up only far below that
    double maxDiff = whole.params().sub(split.params()).amaxNumber().doubleValue();
    assertTrue(maxDiff < 1e-4, "parameters differ by up to " + maxDiff);
    // Adam's moments are not scale-invariant: they prove the gradient is the mean over the batch
    INDArray stateWhole = whole.getUpdater().getStateViewArray();
    INDArray stateSplit = split.getUpdater().getStateViewArray();
    double relative = stateWhole.sub(stateSplit).amaxNumber().doubleValue()
        / stateWhole.amaxNumber().doubleValue();
    assertTrue(relative < 1e-4, "Adam state differs by " + relative + " of its largest entry");
    assertEquals(1, whole.getConfiguration().getIterationCount());
    assertEquals(1, split.getConfiguration().getIterationCount());
  }
}
