package io.foldwise.unet.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.unet.config.LossKind;
import org.junit.jupiter.api.Test;

/** Values against hand-computed MIScnn definitions on a 2-voxel, 2-class sample. */
class LossMathTest {
  // voxel 0: truth class 0, p = (0.8, 0.2); voxel 1: truth class 1, p = (0.4, 0.6)
  private static final float[] P = {0.8f, 0.2f, 0.4f, 0.6f};
  private static final float[] Y = {1, 0, 0, 1};

  @Test
  void tverskyLossIsClassesMinusSummedTversky() {
    // class 0: tp 0.8, fn 0.2, fp 0.4 -> T = 0.8/(0.8+0.1+0.2); class 1: tp 0.6, fn 0.4, fp 0.2
    double t0 = (0.8 + 1e-6) / (0.8 + 0.5 * 0.2 + 0.5 * 0.4 + 1e-6);
    double t1 = (0.6 + 1e-6) / (0.6 + 0.5 * 0.4 + 0.5 * 0.2 + 1e-6);
    double[] v = LossMath.perSample(LossKind.TVERSKY_LOSS, P, Y, 2, 2);
    assertEquals(2 - t0 - t1, v[0], 1e-6);
  }

  @Test
  void diceSoftIsTheClassMean() {
    double d0 = (2 * 0.8 + 1e-5) / (1 + 1.2 + 1e-5);
    double d1 = (2 * 0.6 + 1e-5) / (1 + 0.8 + 1e-5);
    assertEquals((d0 + d1) / 2, LossMath.perSample(LossKind.DICE_SOFT, P, Y, 2, 2)[0], 1e-6);
  }

  @Test
  void crossEntropyTermsAreVoxelMeans() {
    double ce = -(Math.log(0.8) + Math.log(0.6)) / 2;
    double tversky = LossMath.perSample(LossKind.TVERSKY_LOSS, P, Y, 2, 2)[0];
    double dice = LossMath.perSample(LossKind.DICE_SOFT, P, Y, 2, 2)[0];
    assertEquals(tversky + ce, LossMath.perSample(LossKind.TVERSKY_CROSSENTROPY, P, Y, 2, 2)[0], 1e-6);
    assertEquals(1 - dice + ce, LossMath.perSample(LossKind.DICE_CROSSENTROPY, P, Y, 2, 2)[0], 1e-6);
  }
}
