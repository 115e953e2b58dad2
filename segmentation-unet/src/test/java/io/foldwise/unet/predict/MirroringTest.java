package io.foldwise.unet.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.UnetFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class MirroringTest {
  private static final List<String> CLASSES = List.of("background", "lung_L", "lung_R", "infection");

  @Test
  void mirrorsAnXFastestVolumeAlongEachAxis() {
    int[] shape = {3, 2, 2}; // value = x + 3 * (y + 2 * z)
    float[] v = new float[12];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9},
        Mirroring.mirror(v, shape, new boolean[] {true, false, false}));
    assertArrayEquals(new float[] {3, 4, 5, 0, 1, 2, 9, 10, 11, 6, 7, 8},
        Mirroring.mirror(v, shape, new boolean[] {false, true, false}));
    assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5},
        Mirroring.mirror(v, shape, new boolean[] {false, false, true}));
    boolean[] all = {true, true, true};
    assertArrayEquals(v, Mirroring.mirror(Mirroring.mirror(v, shape, all), shape, all), "twice is the identity");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Mirroring.mirror(new float[5], shape, all));
    assertEquals("volume has 5 values, shape [3, 2, 2] needs 12", e.getMessage());
  }

  @Test
  void everyCombinationOfTheChosenAxesTheUnmirroredFirst() {
    assertEquals(List.of("[false, false, false]"), names(Mirroring.NONE));
    Mirroring yz = Mirroring.of(List.of("y", "z"), Map.of(), CLASSES);
    assertEquals(List.of("[false, false, false]", "[false, true, false]", "[false, false, true]",
        "[false, true, true]"), names(yz));
    assertEquals(8, Mirroring.of(List.of("z", "x", "y"), Map.of(), CLASSES).combinations().size());
    assertEquals("yz", yz.toString());
    assertFalse(Mirroring.NONE.active());
  }

  @Test
  void namesResolveToAClassPermutationAndMistakesAreNamed() {
    Mirroring m = Mirroring.of(List.of("x"), Map.of("lung_R", "lung_L"), CLASSES);
    assertArrayEquals(new int[] {0, 2, 1, 3}, m.swapOnX());
    assertEquals("mirror axis 'w' is not one of x, y, z",
        assertThrows(IllegalArgumentException.class, () -> Mirroring.of(List.of("w"), Map.of(), CLASSES))
            .getMessage());
    assertEquals("mirror swap lung_L <-> lung_X names a class not in " + CLASSES,
        assertThrows(IllegalArgumentException.class,
            () -> Mirroring.of(List.of("x"), Map.of("lung_L", "lung_X"), CLASSES)).getMessage());
    assertEquals("swapOnX must pair classes (class c becomes swapOnX[c] and back), got [1, 2, 0]",
        assertThrows(IllegalArgumentException.class,
            () -> new Mirroring(new boolean[] {true, false, false}, new int[] {1, 2, 0})).getMessage());
  }

  /**
   * Averaging over the mirrored passes makes prediction equivariant: the mirrored scan gets the mirrored
   * probabilities (with x, the left and right classes trading places), which a network alone does not do.
   */
  @Test
  void theMirroredScanGetsTheMirroredPrediction() {
    UnetConfig config = UnetConfig.smoke(); // patch 16x16x8, 4 classes
    ComputationGraph model = UnetFactory.create(config, TrainingConfig.smoke());
    int[] shape = config.patchShape(); // one window: the grid is its own mirror image
    float[] voxels = new float[shape[0] * shape[1] * shape[2]];
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < voxels.length; i++) {
      voxels[i] = (float) rng.nextGaussian();
    }
    Geometry g = Geometry.of(shape, new double[] {1, 1, 2});
    int[] overlap = {0, 0, 0};
    Mirroring xyz = Mirroring.of(List.of("x", "y", "z"), Map.of("lung_L", "lung_R"), CLASSES);
    for (boolean[] flip : List.of(new boolean[] {false, true, false}, new boolean[] {true, false, true})) {
      ImageVolume mirroredScan = new ImageVolume(g, Mirroring.mirror(voxels, shape, flip));
      float[] expected = xyz.unmirror(Predictor.predict(model, config, new ImageVolume(g, voxels), overlap, true, xyz,
          (d, w) -> {}).probabilities(), config.classes(), shape, flip);
      float[] got = Predictor.predict(model, config, mirroredScan, overlap, true, xyz, (d, w) -> {}).probabilities();
      assertArrayEquals(expected, got, 1e-5f, "mirror " + Arrays.toString(flip));

      float[] plainExpected = Mirroring.NONE.unmirror(Predictor.predict(model, config, new ImageVolume(g, voxels),
          overlap, true).probabilities(), config.classes(), shape, flip);
      float[] plainGot = Predictor.predict(model, config, mirroredScan, overlap, true).probabilities();
      double worst = 0;
      for (int i = 0; i < plainGot.length; i++) {
        worst = Math.max(worst, Math.abs(plainGot[i] - plainExpected[i]));
      }
      assertFalse(worst < 1e-3, "without mirroring the network is not equivariant (worst difference " + worst + ")");
    }
  }

  private static List<String> names(Mirroring m) {
    return m.combinations().stream().map(Arrays::toString).toList();
  }
}
