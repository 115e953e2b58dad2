package io.foldwise.unet.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.LabelVolume;
import org.junit.jupiter.api.Test;

class EnsembleTest {
  static final Geometry G = Geometry.of(new int[] {3, 1, 1}, new double[] {1, 1, 1});

  static Prediction of(float... classMajor) {
    return new Prediction(new LabelVolume(G, new byte[3]), classMajor, new float[] {1, 1, 1}, 2);
  }

  @Test
  void averagesTheSoftmaxThenTakesTheArgmax() {
    // voxel 0: both say class 0; voxel 1: one model is sure of 1, the other leans to 0; voxel 2: a tie -> class 0
    Prediction a = of(0.9f, 0.2f, 0.5f, 0.1f, 0.8f, 0.5f);
    Prediction b = of(0.7f, 0.6f, 0.5f, 0.3f, 0.4f, 0.5f);
    Prediction mean = Ensemble.mean(Ensemble.add(a, b), 2);
    assertArrayEquals(new float[] {0.8f, 0.4f, 0.5f, 0.2f, 0.6f, 0.5f}, mean.probabilities(), 1e-7f);
    assertArrayEquals(new byte[] {0, 1, 0}, mean.labels().data());
    assertEquals(4, mean.windows());
  }

  @Test
  void membersWithOtherClassesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ensemble.add(of(1, 0, 0, 0, 1, 1), of(1, 0, 0, 0, 1, 1, 0, 0, 0)));
    assertEquals("ensemble members disagree: 6 and 9 probability values; the models must have the same classes",
        e.getMessage());
  }
}
