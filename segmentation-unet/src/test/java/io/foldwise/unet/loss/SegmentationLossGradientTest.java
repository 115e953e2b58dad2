package io.foldwise.unet.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.unet.config.LossKind;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SegmentationLossGradientTest {
  private static final int SAMPLES = 2;
  private static final int VOXELS = 12;
  private static final int CLASSES = 4;

  /** Logits and one-hot labels of [samples * voxels, classes] rows, seeded. */
  private static INDArray[] tinyCase(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int rows = SAMPLES * VOXELS;
    double[] logits = new double[rows * CLASSES];
    double[] labels = new double[rows * CLASSES];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < CLASSES; c++) {
        logits[r * CLASSES + c] = rng.nextDouble(-2, 2);
      }
      labels[r * CLASSES + rng.nextInt(CLASSES)] = 1;
    }
    return new INDArray[] {
      Nd4j.create(logits, new long[] {rows, CLASSES}, DataType.DOUBLE),
      Nd4j.create(labels, new long[] {rows, CLASSES}, DataType.DOUBLE)
    };
  }

  @ParameterizedTest
  @EnumSource(LossKind.class)
  void gradientMatchesFiniteDifferences(LossKind kind) {
    SegmentationLoss loss = new SegmentationLoss(kind, VOXELS);
    ActivationSoftmax softmax = new ActivationSoftmax();
    INDArray[] xy = tinyCase(11);
    INDArray logits = xy[0];
    INDArray labels = xy[1];
    INDArray analytic = loss.computeGradient(labels, logits.dup(), softmax, null);
    double h = 1e-2;
    int checked = 0;
    double worst = 0;
    for (int i = 0; i < logits.length(); i++) {
      double orig = logits.getDouble(i);
      logits.putScalar(i, orig + h);
      double plus = loss.computeScore(labels, logits.dup(), softmax, null, false);
      logits.putScalar(i, orig - h);
      double minus = loss.computeScore(labels, logits.dup(), softmax, null, false);
      logits.putScalar(i, orig);
      double numeric = (plus - minus) / (2 * h);
      double a = analytic.getDouble(i);
      double err = Math.abs(a - numeric) / Math.max(1e-3, Math.abs(a) + Math.abs(numeric));
      worst = Math.max(worst, err);
      checked++;
    }
    assertEquals(SAMPLES * VOXELS * CLASSES, checked);
    assertTrue(worst < 1e-2, kind.id() + ": worst relative error " + worst);
  }

  @ParameterizedTest
  @EnumSource(LossKind.class)
  void scoreIsTheSumOfPerSampleValuesAndMetricsAreTheirMean(LossKind kind) {
    SegmentationLoss loss = new SegmentationLoss(kind, VOXELS);
    INDArray[] xy = tinyCase(5);
    double sum = loss.computeScore(xy[1], xy[0].dup(), new ActivationSoftmax(), null, false);
    double mean = loss.computeScore(xy[1], xy[0].dup(), new ActivationSoftmax(), null, true);
    assertEquals(sum / SAMPLES, mean, 1e-9);
    assertEquals(mean, loss.lastMetrics().get(kind), 1e-9);
  }
}
