package io.foldwise.unet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The batch-norm helper the build installs (oneDNN, or ND4J's native op) against DL4J's element-wise implementation, on the smoke U-Net. */
class NativeBatchNormTest {

  @Test
  void nativeBatchNormMatchesDl4jsElementWiseBatchNorm() {
    UnetConfig config = UnetConfig.smoke();
    TrainingConfig training = TrainingConfig.smoke();
    ComputationGraph fast = UnetFactory.create(config, training);
    ComputationGraph plain = new ComputationGraph(UnetFactory.configuration(config, training));
    plain.init(fast.params().dup(), true);
    int bnLayers = 0;
    for (org.deeplearning4j.nn.api.Layer layer : plain.getLayers()) {
      if (layer instanceof BatchNorm3dLayer bn) {
        // direct oneDNN batch norm, or ND4J's native op where direct oneDNN is off (FOLDWISE_NATIVE=plain)
        Class<?> expected = io.foldwise.unet.onednn.OneDnn.available() ? OneDnnBatchNormHelper.class
            : NativeBatchNormHelper.class;
        assertInstanceOf(expected, NativeBatchNormHelper.installed(bn));
        NativeBatchNormHelper.remove(bn);
        assertNull(NativeBatchNormHelper.installed(bn));
        bnLayers++;
      }
    }
    assertTrue(bnLayers > 0);

    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 8, 16, 16, 1).muli(3).subi(1);
    INDArray classOf = Nd4j.rand(DataType.FLOAT, 2, 8, 16, 16, 1).muli(4).castTo(DataType.INT32);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, 2, 8, 16, 16, 4);
    for (int c = 0; c < 4; c++) {
      labels.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.point(c)).assign(classOf.get(NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).eq(c).castTo(DataType.FLOAT));
    }
    Map<String, INDArray> fastGradient = gradient(fast, x, labels);
    Map<String, INDArray> plainGradient = gradient(plain, x, labels);
    assertEquals(plain.score(), fast.score(), 1e-5);
    for (Map.Entry<String, INDArray> e : plainGradient.entrySet()) {
      INDArray expected = e.getValue();
      INDArray actual = fastGradient.get(e.getKey());
      double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
      double diff = actual.sub(expected).amaxNumber().doubleValue();
      assertTrue(diff <= 2e-3 * scale, e.getKey() + ": max difference " + diff + " at scale " + scale);
    }
    INDArray fastOut = fast.output(false, x)[0];
    INDArray plainOut = plain.output(false, x)[0];
    assertTrue(fastOut.sub(plainOut).amaxNumber().doubleValue() < 1e-4, "inference output differs");
  }

  private static Map<String, INDArray> gradient(ComputationGraph graph, INDArray x, INDArray y) {
    graph.setInput(0, x);
    graph.setLabel(0, y);
    graph.computeGradientAndScore();
    Map<String, INDArray> copy = new java.util.TreeMap<>();
    graph.gradient().gradientForVariable().forEach((k, v) -> copy.put(k, v.dup()));
    graph.clearLayersStates();
    return copy;
  }
}
