package io.foldwise.unet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.train.GradientStep;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelIOTest {

  @Test
  void roundTripKeepsWeightsOutputsAndOptionallyTheAdamState() throws IOException {
    UnetConfig config = UnetConfig.smoke();
    ComputationGraph model = UnetFactory.create(config, TrainingConfig.smoke());
    INDArray[] batch = io.foldwise.unet.TinyData.noiseBatch(2, 2);
    INDArray x = batch[0];
    INDArray y = batch[1];
    GradientStep.run(model, List.<INDArray[]>of(new INDArray[] {x, y}));

    ByteArrayOutputStream withState = new ByteArrayOutputStream();
    ModelIO.write(model, withState, true);
    ByteArrayOutputStream weightsOnly = new ByteArrayOutputStream();
    ModelIO.write(model, weightsOnly, false);
    assertTrue(withState.size() > weightsOnly.size());

    ComputationGraph back = ModelIO.read(new ByteArrayInputStream(withState.toByteArray()));
    assertArrayEquals(model.params().toFloatVector(), back.params().toFloatVector());
    assertArrayEquals(model.getUpdater().getStateViewArray().toFloatVector(),
        back.getUpdater().getStateViewArray().toFloatVector());
    assertEquals(model.output(false, x)[0], back.output(false, x)[0]);
    assertEquals(BatchNorm3dLayer.class, back.getLayer("down0_bn0").getClass());
    for (ComputationGraph g : new ComputationGraph[] {model, back}) {
      for (String ws : new String[] {"WS_LAYER_ACT_X_CONFIG", "WS_LAYER_WORKING_MEM_CONFIG"}) {
        assertEquals(org.nd4j.linalg.api.memory.enums.LearningPolicy.FIRST_LOOP,
            Workspaces.of(g, ws).getPolicyLearning(), ws);
      }
    }

    ComputationGraph plain = ModelIO.read(new ByteArrayInputStream(weightsOnly.toByteArray()));
    assertArrayEquals(model.params().toFloatVector(), plain.params().toFloatVector());
    assertNull(plain.getUpdater(false));
  }

  @Test
  void aModelWrittenWithNcdhwLayersIsReadBackChannelsLast() throws IOException {
    UnetConfig config = UnetConfig.smoke();
    TrainingConfig training = TrainingConfig.smoke();
    ComputationGraph current = UnetFactory.create(config, training);
    INDArray[] batch = io.foldwise.unet.TinyData.noiseBatch(5, 1);
    INDArray x = batch[0];
    INDArray y = batch[1];
    GradientStep.run(current, List.<INDArray[]>of(new INDArray[] {x, y}));

    // the same network as an older Foldwise wrote it: every 3-D layer NCDHW
    org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = UnetFactory.configuration(config, training);
    int flipped = 0;
    for (org.deeplearning4j.nn.conf.graph.GraphVertex v : conf.getVertices().values()) {
      if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv) {
        Object layer = lv.getLayerConf().getLayer();
        org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat ncdhw =
            org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat.NCDHW;
        if (layer instanceof org.deeplearning4j.nn.conf.layers.Convolution3D c) {
          c.setDataFormat(ncdhw);
          flipped++;
        } else if (layer instanceof org.deeplearning4j.nn.conf.layers.Deconvolution3D d) {
          d.setDataFormat(ncdhw);
          flipped++;
        } else if (layer instanceof org.deeplearning4j.nn.conf.layers.Subsampling3DLayer s) {
          s.setDataFormat(ncdhw);
          flipped++;
        } else if (layer instanceof org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer l) {
          l.setDataFormat(ncdhw);
          flipped++;
        }
      }
    }
    assertTrue(flipped > 10, "flipped " + flipped);
    ComputationGraph old = new ComputationGraph(conf);
    old.init(current.params().dup(), false);
    old.getUpdater(true).getStateViewArray().assign(current.getUpdater().getStateViewArray());
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    ModelIO.write(old, written, true);

    ComputationGraph back = ModelIO.read(new ByteArrayInputStream(written.toByteArray()));
    assertEquals(org.deeplearning4j.nn.conf.layers.Convolution3D.DataFormat.NDHWC,
        ((org.deeplearning4j.nn.conf.layers.Convolution3D) back.getLayer("down0_conv0").conf().getLayer()).getDataFormat());
    assertArrayEquals(current.params().toFloatVector(), back.params().toFloatVector());
    assertArrayEquals(current.getUpdater().getStateViewArray().toFloatVector(),
        back.getUpdater().getStateViewArray().toFloatVector());
    assertEquals(current.output(false, x)[0], back.output(false, x)[0]);
  }

  @Test
  void garbageIsRefused() {
    IOException e = assertThrows(IOException.class,
        () -> ModelIO.read(new ByteArrayInputStream("not a zip".getBytes())));
    assertTrue(e.getMessage().startsWith("not a Foldwise U-Net model zip: "), e.getMessage());
  }
}
