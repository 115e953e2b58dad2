package io.foldwise.unet.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.UnetFactory;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PredictorTest {

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void slidingWindowCoversEveryVoxelOfANonMultipleShape(boolean gaussian) {
    UnetConfig config = UnetConfig.smoke(); // patch 16x16x8
    ComputationGraph model = UnetFactory.create(config, TrainingConfig.smoke());
    int[] shape = {37, 21, 11}; // no axis a multiple of the patch
    float[] voxels = new float[37 * 21 * 11];
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < voxels.length; i++) {
      voxels[i] = (float) rng.nextGaussian();
    }
    ImageVolume image = new ImageVolume(Geometry.of(shape, new double[] {1.58, 1.58, 2.7}), voxels);
    java.util.List<String> progress = new java.util.ArrayList<>();
    Prediction p = Predictor.predict(model, config, image, new int[] {8, 8, 4}, gaussian, Mirroring.NONE,
        (done, windows) -> progress.add(done + "/" + windows));
    assertEquals(java.util.stream.IntStream.rangeClosed(1, 16).mapToObj(i -> i + "/16").toList(), progress,
        "each window reported once, in order");
    Prediction silent = Predictor.predict(model, config, image, new int[] {8, 8, 4}, gaussian);
    assertArrayEquals(silent.probabilities(), p.probabilities(), "reporting changes nothing");

    assertArrayEquals(shape, p.labels().geometry().shape());
    // x: 0, 8, 16, 21 | y: 0, 5 | z: 0, 3 (step = patch - overlap, last window flush with the border)
    assertEquals(4 * 2 * 2, p.windows());
    int voxelsCount = voxels.length;
    for (int v = 0; v < voxelsCount; v++) {
      assertTrue(p.weightSum()[v] > 0, "voxel " + v + " not covered");
      double sum = 0;
      for (int c = 0; c < config.classes(); c++) {
        sum += p.probabilities()[c * voxelsCount + v];
      }
      assertEquals(1.0, sum, 1e-4, "probabilities of voxel " + v);
    }
  }
}
