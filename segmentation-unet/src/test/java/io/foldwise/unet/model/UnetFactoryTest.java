package io.foldwise.unet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UnetFactoryTest {

  @Test
  void miscnnModelHasTheKerasParameterCount() {
    // MIScnn's standard U-Net (Keras): 22,587,204 parameters including 5,888 BN moving statistics
    ComputationGraph graph = UnetFactory.create(UnetConfig.miscnn(), TrainingConfig.miscnn());
    assertEquals(22_587_204L, graph.numParams());
  }

  @Test
  void outputIsSoftmaxOverClassesInNdhwc() {
    UnetConfig config = UnetConfig.smoke();
    ComputationGraph graph = UnetFactory.create(config, TrainingConfig.smoke());
    INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 8, 16, 16, 1);
    INDArray out = graph.output(false, x)[0];
    assertArrayEquals(new long[] {2, 8, 16, 16, 4}, out.shape());
    INDArray sums = out.sum(4);
    assertEquals(0.0, sums.sub(1.0).amaxNumber().doubleValue(), 1e-5);
  }

  @Test
  void onlyTheFirstConvolutionSkipsItsInputGradientAndTheMarkSurvivesJson() {
    org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf =
        UnetFactory.configuration(UnetConfig.smoke(), TrainingConfig.smoke());
    org.deeplearning4j.nn.conf.ComputationGraphConfiguration back =
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(conf.toJson());
    java.util.List<String> marked = new java.util.ArrayList<>();
    for (var e : back.getVertices().entrySet()) {
      if (e.getValue() instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
          && lv.getLayerConf().getLayer() instanceof Conv3d c && c.isInputGradientUnused()) {
        marked.add(e.getKey());
      }
    }
    assertEquals(java.util.List.of("down0_conv0"), marked);
  }
}
