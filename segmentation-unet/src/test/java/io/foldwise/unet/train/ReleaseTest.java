package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.UnetFactory;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ReleaseTest {

  /**
   * A trained model's parameters, gradients and Adam state are freed when it is released, not at a later garbage
   * collection (JavaCPP frees ND4J's buffers when their owners are collected), so a worker training fold after fold
   * does not hold two folds' models. ND4J's allocations are not in JavaCPP's byte count, so the test asks the
   * arrays; the rehearsal measures the memory (README).
   */
  @Test
  void releasingATrainedModelClosesItsParametersGradientsAndOptimizerState() {
    ComputationGraph model = UnetFactory.create(UnetConfig.smoke(), TrainingConfig.smoke());
    GradientStep.run(model, List.<INDArray[]>of(io.foldwise.unet.TinyData.noiseBatch(8, 1)));
    INDArray params = model.params();
    INDArray gradients = model.getFlattenedGradients();
    INDArray adam = model.getUpdater().getStateViewArray();
    assertFalse(params.wasClosed() || gradients.wasClosed() || adam.wasClosed(), "in use before the release");
    Trainer.release(model);
    assertTrue(params.wasClosed(), "parameters freed");
    assertTrue(gradients.wasClosed(), "gradients freed");
    assertTrue(adam.wasClosed(), "Adam state freed");
  }
}
