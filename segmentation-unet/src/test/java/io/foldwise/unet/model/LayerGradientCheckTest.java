package io.foldwise.unet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** DL4J's numerical gradient check through the 3-D batch norm and the 5-D merge (double precision). */
class LayerGradientCheckTest {

  @Test
  void batchNorm3dAndMerge5dPassTheGradientCheck() {
    ComputationGraphConfiguration conf = chain()
        // a chain, so that the topological order equals the declaration order (the check names
        // parameters by declaration order, and excludes bn_mean/bn_var by those names)
        .addVertex("merge", new Merge5d(), "bn", "b")
        .addLayer("logits", new Convolution3D.Builder().kernelSize(1, 1, 1).nOut(3)
            .activation(Activation.IDENTITY).dataFormat(NDHWC).build(), "merge")
        .addLayer("out", new Cnn3DLossLayer.Builder(NDHWC).lossFunction(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX).build(), "logits")
        .setOutputs("out")
        .build();
    assertTrue(passes(conf), "gradient check failed; see the log for the parameters that differ");
  }

  @Test
  void concatConv3dPassesTheGradientCheck() {
    ComputationGraphConfiguration.GraphBuilder g = chain();
    // the convolution over [bn, b] (3 + 2 channels) without a concatenation; double precision takes
    // its fallback (concatenate, DL4J's convolution, split the input gradient)
    Conv3d logits = new Conv3d(new Convolution3D.Builder().kernelSize(3, 3, 3).nIn(5).nOut(3)
        .activation(Activation.IDENTITY).dataFormat(NDHWC));
    logits.setLayerName("logits");
    g.addVertex("logits", new ConcatConv3d(g.getGlobalConfiguration().clone().layer(logits).build()), "bn", "b")
        .addLayer("out", new Cnn3DLossLayer.Builder(NDHWC).lossFunction(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX).build(), "logits")
        .setOutputs("out");
    ComputationGraphConfiguration conf = g.build();
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
    assertEquals(conf.getVertices().get("logits"), back.getVertices().get("logits"), "the vertex after a JSON round trip");
    assertTrue(passes(conf), "gradient check failed; see the log for the parameters that differ");
  }

  private static final Convolution3D.DataFormat NDHWC = Convolution3D.DataFormat.NDHWC;

  /** Double precision, no updater: in [2x3x4, 2 channels] -> a (3x3x3 conv, 3) -> bn -> b (1x1x1 conv, 2). */
  private static ComputationGraphConfiguration.GraphBuilder chain() {
    return new NeuralNetConfiguration.Builder()
        .seed(3).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
        .convolutionMode(ConvolutionMode.Same)
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.convolutional3D(NDHWC, 2, 3, 4, 2))
        .addLayer("a", new Convolution3D.Builder().kernelSize(3, 3, 3).nOut(3)
            .activation(Activation.TANH).dataFormat(NDHWC).build(), "in")
        .addLayer("bn", new BatchNorm3d("bn", 3, 0.9, 1e-3), "a")
        .addLayer("b", new Convolution3D.Builder().kernelSize(1, 1, 1).nOut(2)
            .activation(Activation.TANH).dataFormat(NDHWC).build(), "bn");
  }

  private static boolean passes(ComputationGraphConfiguration conf) {
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    Nd4j.getRandom().setSeed(12);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 3, 4, 2).subi(0.5);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, 2, 3, 4, 3);
    for (int n = 0; n < 2; n++) {
      for (int d = 0; d < 2; d++) {
        for (int h = 0; h < 3; h++) {
          for (int w = 0; w < 4; w++) {
            y.putScalar(new long[] {n, d, h, w, (n + d + h + w) % 3}, 1.0);
          }
        }
      }
    }
    DataType defaultType = Nd4j.dataType();
    DataType defaultFloat = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    boolean ok;
    try {
      ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
          .net(graph).inputs(new INDArray[] {x}).labels(new INDArray[] {y})
          .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
          // moving statistics are updated in the forward pass, they have no gradient
          .excludeParams(Set.of("bn_mean", "bn_var")));
    } finally {
      Nd4j.setDefaultDataTypes(defaultType, defaultFloat);
    }
    return ok;
  }
}
