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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelIOTest {

  @Test
  void roundTripKeepsWeightsOutputsAndOptionallyTheAdamState() throws IOException {
    UnetConfig config = UnetConfig.smoke();
    ComputationGraph model = UnetFactory.create(config, TrainingConfig.smoke());
    Nd4j.getRandom().setSeed(2);
    INDArray x = Nd4j.randn(DataType.FLOAT, 1, 8, 16, 16, 1);
    INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 8, 16, 16, 4);
    y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.point(2)).assign(1);
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

    ComputationGraph plain = ModelIO.read(new ByteArrayInputStream(weightsOnly.toByteArray()));
    assertArrayEquals(model.params().toFloatVector(), plain.params().toFloatVector());
    assertNull(plain.getUpdater(false));
  }

  @Test
  void garbageIsRefused() {
    IOException e = assertThrows(IOException.class,
        () -> ModelIO.read(new ByteArrayInputStream("not a zip".getBytes())));
    assertTrue(e.getMessage().startsWith("not a Foldwise U-Net model zip: "), e.getMessage());
  }
}
