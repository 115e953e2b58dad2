package io.foldwise.unet.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The direct oneDNN batch normalisation against a plain double-precision computation of the same
 * formulas on random [rows, C] data. Gamma, beta, running mean and variance are views at an offset
 * into one flat parameter array, as in a DL4J network, and every output starts as NaN, so a wrong
 * address or an unwritten output would show.
 */
class BatchNormPrimitivesTest {

  @org.junit.jupiter.api.BeforeEach
  void directOneDnnLayersAreInUse() {
    // skipped under FOLDWISE_NATIVE=plain, whose U-Net does not call oneDNN directly
    DirectOneDnn.required();
  }
  private static final double EPS = 1e-5;

  @ParameterizedTest
  @ValueSource(ints = {3, 16, 32})
  void trainingInferenceAndBackwardMatchTheFormulas(int c) {
    int rows = 1000 + c;
    Nd4j.getRandom().setSeed(11 + c);
    INDArray x = Nd4j.rand(DataType.FLOAT, rows, c).muli(4).addiRowVector(channelOffsets(c));
    INDArray delta = Nd4j.rand(DataType.FLOAT, rows, c).subi(0.5);
    INDArray params = Nd4j.rand(DataType.FLOAT, 1, 7 + 4L * c).addi(0.5);
    INDArray gamma = view(params, 7, c);
    INDArray beta = view(params, 7 + c, c);
    INDArray runningMean = view(params, 7 + 2L * c, c);
    INDArray runningVar = view(params, 7 + 3L * c, c);
    assertTrue(gamma.offset() > 0 && beta.offset() > 0 && runningVar.offset() > 0);
    Reference ref = new Reference(matrix(x), matrix(delta), vector(gamma), vector(beta));

    BatchNormPrimitives bn = BatchNormPrimitives.of(BatchNormPrimitives.Problem.of(x, EPS));
    String implementations = bn.implementations();
    assertFalse(implementations.contains("ref"), "reference kernel chosen: " + implementations);
    if (c % 16 == 0) {
      // oneDNN names its jit kernels per ISA (bnorm_jit:avx512_core, bnorm_tbb_jit:avx2): assert the kind
      DirectOneDnn.assertAllJit(implementations);
    }
    INDArray out = nan(rows, c);
    INDArray mean = nan(1, c);
    INDArray var = nan(1, c);
    bn.forwardTraining(x, gamma, beta, out, mean, var);
    String what = "[" + rows + ", " + c + "]";
    close(ref.mean, vector(mean), what + " batch mean");
    close(ref.variance, vector(var), what + " batch variance (biased)");
    close(ref.output(ref.mean, ref.variance), matrix(out), what + " training output");

    INDArray dx = nan(rows, c);
    INDArray dGamma = nan(1, c);
    INDArray dBeta = nan(1, c);
    bn.backward(x, mean, var, delta, gamma, dx, dGamma, dBeta);
    double[][] grads = ref.backward();
    close(grads[0], vector(dGamma), what + " gamma gradient");
    close(grads[1], vector(dBeta), what + " beta gradient");
    close(ref.inputGradient(), matrix(dx), what + " input gradient");

    INDArray inferred = nan(rows, c);
    bn.forwardInference(x, gamma, beta, runningMean, runningVar, inferred);
    close(ref.output(vector(runningMean), vector(runningVar)), matrix(inferred), what + " inference output");
  }

  @Test
  void rejectsArraysOfAnotherSize() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 10, 4);
    BatchNormPrimitives bn = BatchNormPrimitives.of(BatchNormPrimitives.Problem.of(x, EPS));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forwardTraining(x,
        Nd4j.ones(DataType.FLOAT, 4), Nd4j.zeros(DataType.FLOAT, 3), x.ulike(), x.ulike().getRow(0), x.ulike().getRow(1)));
    assertEquals("oneDNN batch norm beta must be 4 contiguous values, got shape [3]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> bn.forwardInference(x.transpose().dup('c').transpose(),
        Nd4j.ones(DataType.FLOAT, 4), Nd4j.zeros(DataType.FLOAT, 4), Nd4j.zeros(DataType.FLOAT, 4),
        Nd4j.ones(DataType.FLOAT, 4), x.ulike()));
    assertEquals("oneDNN batch norm input must be a c-order contiguous [10, 4] array, got shape [10, 4]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BatchNormPrimitives.Problem.of(x, 0));
    assertEquals("batch norm epsilon must be > 0, got 0.0", e.getMessage());
  }

  /** The formulas in double precision. */
  private static final class Reference {
    final double[][] x;
    final double[][] dy;
    final double[] gamma;
    final double[] beta;
    final double[] mean;
    final double[] variance;

    Reference(double[][] x, double[][] dy, double[] gamma, double[] beta) {
      this.x = x;
      this.dy = dy;
      this.gamma = gamma;
      this.beta = beta;
      int c = gamma.length;
      mean = new double[c];
      variance = new double[c];
      for (double[] row : x) {
        for (int j = 0; j < c; j++) {
          mean[j] += row[j] / x.length;
        }
      }
      for (double[] row : x) {
        for (int j = 0; j < c; j++) {
          variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
        }
      }
    }

    double[][] output(double[] m, double[] v) {
      double[][] y = new double[x.length][gamma.length];
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < gamma.length; j++) {
          y[i][j] = gamma[j] * (x[i][j] - m[j]) / Math.sqrt(v[j] + EPS) + beta[j];
        }
      }
      return y;
    }

    /** {dGamma, dBeta}. */
    double[][] backward() {
      double[] dGamma = new double[gamma.length];
      double[] dBeta = new double[gamma.length];
      for (int i = 0; i < x.length; i++) {
        for (int j = 0; j < gamma.length; j++) {
          dGamma[j] += dy[i][j] * (x[i][j] - mean[j]) / Math.sqrt(variance[j] + EPS);
          dBeta[j] += dy[i][j];
        }
      }
      return new double[][] {dGamma, dBeta};
    }

    double[][] inputGradient() {
      double[][] g = backward();
      int n = x.length;
      double[][] dx = new double[n][gamma.length];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < gamma.length; j++) {
          double inv = 1 / Math.sqrt(variance[j] + EPS);
          double xHat = (x[i][j] - mean[j]) * inv;
          dx[i][j] = gamma[j] * inv * (dy[i][j] - g[1][j] / n - xHat * g[0][j] / n);
        }
      }
      return dx;
    }
  }

  /** -3 .. 3 over the channels, so the channels' means differ. */
  private static INDArray channelOffsets(int c) {
    float[] o = new float[c];
    for (int j = 0; j < c; j++) {
      o[j] = -3 + 6f * j / Math.max(1, c - 1);
    }
    return Nd4j.createFromArray(o).reshape(1, c);
  }

  private static INDArray view(INDArray flat, long from, long length) {
    return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, from + length)).reshape('c', 1, length);
  }

  private static INDArray nan(long... shape) {
    return Nd4j.create(DataType.FLOAT, shape).assign(Float.NaN);
  }

  private static double[][] matrix(INDArray a) {
    return a.castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  private static double[] vector(INDArray a) {
    return a.castTo(DataType.DOUBLE).toDoubleVector();
  }

  private static void close(double[] expected, double[] actual, String what) {
    close(new double[][] {expected}, new double[][] {actual}, what);
  }

  private static void close(double[][] expected, double[][] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    double scale = 1e-3;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length, what + ": columns");
      for (int j = 0; j < expected[i].length; j++) {
        assertTrue(!Double.isNaN(actual[i][j]), what + ": not written at " + i + ", " + j);
        scale = Math.max(scale, Math.abs(expected[i][j]));
        diff = Math.max(diff, Math.abs(actual[i][j] - expected[i][j]));
      }
    }
    assertTrue(diff <= 1e-5 * scale, what + ": max difference " + diff + " at scale " + scale);
  }
}
