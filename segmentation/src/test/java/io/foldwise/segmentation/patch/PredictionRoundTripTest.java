package io.foldwise.segmentation.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.preprocess.PreprocessingConfig;
import io.foldwise.segmentation.preprocess.PreprocessingPipeline;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import org.junit.jupiter.api.Test;

/**
 * The prediction path end to end with a perfect "model" (one-hot of the preprocessed mask):
 * preprocess, sliding windows with overlap, stitch, argmax, resample back to the original grid.
 * The result must reproduce the original mask up to resampling at the borders of the structures.
 */
class PredictionRoundTripTest {
  @Test
  void perfectPredictionsSurviveWindowingStitchingAndInverseResampling() {
    Geometry g = Geometry.of(new int[] {64, 56, 30}, new double[] {0.7, 0.7, 1.0});
    byte[] truth = new byte[g.voxelCount()];
    float[] hu = new float[g.voxelCount()];
    for (int z = 0; z < g.nz(); z++) {
      for (int y = 0; y < g.ny(); y++) {
        for (int x = 0; x < g.nx(); x++) {
          double dy = (y - 28) / 20.0;
          double dz = (z - 15) / 12.0;
          double left = Math.pow((x - 20) / 12.0, 2) + dy * dy + dz * dz;
          double right = Math.pow((x - 44) / 12.0, 2) + dy * dy + dz * dz;
          byte v = (byte) (left < 1 ? 1 : right < 1 ? 2 : 0);
          truth[g.index(x, y, z)] = v;
          hu[g.index(x, y, z)] = v == 0 ? 40 : -850;
        }
      }
    }
    Sample s = new Sample("case_1", new ImageVolume(g, hu), new LabelVolume(g, truth));
    PreprocessingPipeline pipeline = PreprocessingPipeline.of(PreprocessingConfig.miscnn());
    Sample pre = pipeline.apply(s);
    int[] shape = pre.label().geometry().shape();
    int[] patch = {16, 16, 8};
    int pv = 16 * 16 * 8;
    ProbabilityStitcher stitcher = new ProbabilityStitcher(shape, 3, patch, true);
    for (int[] origin : SlidingWindow.grid(shape, patch, new int[] {8, 8, 3})) {
      byte[] window = Windows.crop(pre.label().data(), shape, origin, patch, (byte) 0);
      float[] oneHot = new float[3 * pv];
      for (int i = 0; i < pv; i++) {
        oneHot[window[i] * pv + i] = 1;
      }
      stitcher.add(origin, oneHot);
    }
    LabelVolume predicted = new LabelVolume(pre.label().geometry(), stitcher.argmax());
    for (int i = 0; i < predicted.data().length; i++) {
      assertEquals(pre.label().data()[i], predicted.data()[i], "stitched voxel " + i);
    }
    LabelVolume restored = pipeline.restore(predicted, g);
    assertEquals(g, restored.geometry());
    long[] overlap = new long[3];
    long[] sizes = new long[3];
    for (int i = 0; i < truth.length; i++) {
      sizes[truth[i]]++;
      sizes[restored.data()[i]]++;
      if (truth[i] == restored.data()[i]) {
        overlap[truth[i]]++;
      }
    }
    for (int c = 1; c < 3; c++) {
      double dice = 2.0 * overlap[c] / sizes[c];
      assertTrue(dice > 0.95, "class " + c + " Dice after the round trip " + dice);
    }
  }
}
