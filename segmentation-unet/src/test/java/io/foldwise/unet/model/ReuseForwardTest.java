package io.foldwise.unet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conv3d/Deconv3d (backward reuses the forward output; float32 convolutions as direct oneDNN
 * primitives, the decoder's first convolution over [up, skip] without concatenating them) against DL4J's
 * own layers (recomputing, ND4J's conv3dnew ops, a concatenation) on the smoke U-Net.
 */
class ReuseForwardTest {

  @Test
  void scoresAndGradientsMatchDl4jsOwnLayers() {
    UnetConfig config = UnetConfig.smoke();
    TrainingConfig training = TrainingConfig.smoke();
    ComputationGraph reusing = new ComputationGraph(UnetFactory.configuration(config, training, true));
    reusing.init();
    ComputationGraph recomputing =
        new ComputationGraph(UnetFactory.configuration(config, training, false));
    recomputing.init(reusing.params().dup(), true);
    assertInstanceOf(Conv3dLayer.class, reusing.getLayer("down0_conv0"));
    assertInstanceOf(Deconv3dLayer.class, reusing.getLayer("up0"));
    // the decoder's first convolution reads [up, skip] without a concatenation; DL4J's graph concatenates
    assertInstanceOf(ConcatConv3dVertex.class, reusing.getVertex("upconv0_conv0"));
    assertInstanceOf(ConcatConv3dLayer.class, reusing.getLayer("upconv0_conv0"));
    assertInstanceOf(Merge5dVertex.class, recomputing.getVertex("concat0"));

    Nd4j.getRandom().setSeed(7);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 16, 16, 1);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 2, 8, 16, 16, 4);
    INDArray classOf = Nd4j.rand(DataType.FLOAT, 2, 8, 16, 16, 1).muli(4).castTo(DataType.INT32);
    for (int c = 0; c < 4; c++) {
      labels.get(all(), all(), all(), all(), point(c))
          .assign(classOf.get(all(), all(), all(), all(), point(0)).eq(c).castTo(DataType.FLOAT));
    }
    for (int step = 0; step < 2; step++) { // second pass: after an inference pass in between
      double[] scores = new double[2];
      INDArray[] gradients = new INDArray[2];
      ComputationGraph[] graphs = {reusing, recomputing};
      for (int i = 0; i < 2; i++) {
        graphs[i].output(false, x); // must not leave a stale output behind
        graphs[i].setInput(0, x);
        graphs[i].setLabel(0, labels);
        graphs[i].computeGradientAndScore();
        scores[i] = graphs[i].score();
        gradients[i] = graphs[i].getFlattenedGradients().dup();
        graphs[i].clearLayersStates();
      }
      assertEquals(scores[1], scores[0], 1e-5 * Math.abs(scores[1]));
      double scale = gradients[1].amaxNumber().doubleValue();
      assertTrue(scale > 0, "gradient is all zero");
      double diff = gradients[0].sub(gradients[1]).amaxNumber().doubleValue();
      assertTrue(diff <= 1e-3 * scale, "step " + step + ": max gradient difference " + diff + " at scale " + scale);
    }
  }
}
