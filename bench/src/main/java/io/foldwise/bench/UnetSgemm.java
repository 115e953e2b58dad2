package io.foldwise.bench;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The FP32 matrix-multiply ceiling of this machine, measured with ND4J's own GEMM (OpenBLAS). */
final class UnetSgemm {
  private UnetSgemm() {}

  /** Median GFLOP/s of {@code n}x{@code n} SGEMMs (2n³ FLOPs each) after warm-up. */
  static double gflops(int n, int repeats) {
    Nd4j.getRandom().setSeed(1);
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    for (int i = 0; i < 2; i++) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
    double[] seconds = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      seconds[i] = (System.nanoTime() - t) / 1e9;
    }
    Arrays.sort(seconds);
    return 2.0 * n * n * n / seconds[repeats / 2] / 1e9;
  }
}
