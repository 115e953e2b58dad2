package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.foldwise.unet.TinyData;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.UnetFactory;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;

class LearningRatesTest {
  private static final UnetConfig MODEL = UnetConfig.smoke();
  private static final TrainingConfig TRAINING = TrainingConfig.smoke().withAugment(false);

  private static float[] stepsWith(java.util.function.BiConsumer<ComputationGraph, Double> setRate) {
    ComputationGraph graph = UnetFactory.create(MODEL, TRAINING);
    for (int step = 0; step < 3; step++) {
      setRate.accept(graph, TRAINING.learningRate() * (1 - step / 3.0));
      GradientStep.run(graph, List.<INDArray[]>of(TinyData.noiseBatch(11 + step, 1 + step)));
    }
    return graph.params().toFloatVector();
  }

  /** The in-place rate gives the step DL4J's setLearningRate (with its updater rebuild) gives, bit for bit. */
  @Test
  void settingTheRateInPlaceStepsExactlyAsDl4jsSetLearningRate() {
    float[] dl4j = stepsWith(ComputationGraph::setLearningRate);
    float[] inPlace = stepsWith(LearningRates::set);
    float[] unchanged = stepsWith((graph, rate) -> { });
    assertArrayEquals(dl4j, inPlace);
    assertFalse(Arrays.equals(dl4j, unchanged), "the rate must reach the updater");
  }
}
