package io.foldwise.unet.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The direct oneDNN convolution against ND4J's own {@code conv3dnew} / {@code conv3dnew_bp} on the
 * same channels-last arrays. Weights and biases are views at an offset into one flat parameter
 * array, as in a DL4J network, so a wrong address would show.
 */
class Conv3dPrimitivesTest {

  @org.junit.jupiter.api.BeforeEach
  void directOneDnnLayersAreInUse() {
    // skipped under FOLDWISE_NATIVE=plain, whose U-Net does not call oneDNN directly
    DirectOneDnn.required();
  }

  @Test
  void forwardAndBackwardMatchNd4jsConvolution() {
    check(2, 5, 6, 7, 3, 4, 3);
    check(1, 4, 4, 4, 8, 2, 1);
    check(1, 3, 5, 4, 1, 16, 3);
    check(1, 3, 4, 5, 16, 5, 3);
  }

  private static void check(int n, int d, int h, int w, int in, int out, int k) {
    Nd4j.getRandom().setSeed(7 + in * 31L + out);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, d, h, w, in).subi(0.5);
    long wCount = (long) out * in * k * k * k;
    INDArray params = Nd4j.rand(DataType.FLOAT, 1, 5 + wCount + out).subi(0.5);
    INDArray weights = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(5, 5 + wCount))
        .reshape('c', out, in, k, k, k);
    INDArray bias = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(5 + wCount, 5 + wCount + out))
        .reshape('c', 1, out);
    assertTrue(weights.offset() > 0 && bias.offset() > 0);
    INDArray delta = Nd4j.rand(DataType.FLOAT, n, d, h, w, out).subi(0.5);
    int[] args = {k, k, k, 1, 1, 1, k / 2, k / 2, k / 2, 1, 1, 1, 1, 1};
    INDArray opWeights = weights.permute(2, 3, 4, 1, 0);

    INDArray expectedOut = Nd4j.create(DataType.FLOAT, n, d, h, w, out);
    Nd4j.exec(DynamicCustomOp.builder("conv3dnew").addInputs(x, opWeights, bias.reshape(out))
        .addOutputs(expectedOut).addIntegerArguments(args).build());
    INDArray expectedDx = x.ulike();
    INDArray expectedDw = Nd4j.create(DataType.FLOAT, out, in, k, k, k);
    INDArray expectedDb = Nd4j.create(DataType.FLOAT, out);
    Nd4j.exec(DynamicCustomOp.builder("conv3dnew_bp").addInputs(x, opWeights, bias.reshape(out), delta)
        .addOutputs(expectedDx, expectedDw.permute(2, 3, 4, 1, 0), expectedDb).addIntegerArguments(args).build());

    for (boolean flip : new boolean[] {false, true}) {
      Conv3dPrimitives conv = Conv3dPrimitives.of(Conv3dPrimitives.Problem.of(x, out, k), flip);
      INDArray actualOut = Nd4j.create(DataType.FLOAT, n, d, h, w, out);
      conv.forward(x, weights, bias, actualOut);
      INDArray actualDx = x.ulike().assign(Float.NaN);
      INDArray actualDw = Nd4j.create(DataType.FLOAT, out, in, k, k, k).assign(Float.NaN);
      INDArray actualDb = Nd4j.create(DataType.FLOAT, 1, out).assign(Float.NaN);
      conv.backward(x, weights, delta, actualDx, actualDw, actualDb);

      String what = "conv " + in + "->" + out + " k" + k + " at " + n + "x" + d + "x" + h + "x" + w
          + (flip ? " (input gradient by the flipped kernel)" : "");
      close(expectedOut, actualOut, what + " output");
      close(expectedDx, actualDx, what + " input gradient");
      close(expectedDw, actualDw, what + " weight gradient");
      close(expectedDb, actualDb.reshape(out), what + " bias gradient");
    }
  }

  @Test
  void forwardAccumulateAddsTheConvolutionToTheOutput() {
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 5, 6, 3).subi(0.5);
    INDArray weights = Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3, 3).subi(0.5);
    INDArray bias = Nd4j.rand(DataType.FLOAT, 4).subi(0.5);
    Conv3dPrimitives conv = Conv3dPrimitives.of(Conv3dPrimitives.Problem.of(x, 4, 3));
    INDArray alone = Nd4j.create(DataType.FLOAT, 2, 4, 5, 6, 4);
    conv.forward(x, weights, bias, alone);
    INDArray before = Nd4j.rand(DataType.FLOAT, 2, 4, 5, 6, 4);
    INDArray sum = before.dup();
    conv.forwardAccumulate(x, weights, bias, sum);
    close(before.add(alone), sum, "output += conv");
  }

  @Test
  void onlyLargeProblemsFlipTheKernelForTheInputGradient() {
    // the U-Net at 160x160x80: level 0 (2,048,000 voxels) 32->32 flips, the bottleneck 512->512 does not
    assertTrue(Conv3dPrimitives.flipForInputGradient(new Conv3dPrimitives.Problem(1, 80, 160, 160, 32, 32, 3)));
    assertTrue(!Conv3dPrimitives.flipForInputGradient(new Conv3dPrimitives.Problem(1, 5, 10, 10, 512, 512, 3)));
    assertTrue(!Conv3dPrimitives.flipForInputGradient(new Conv3dPrimitives.Problem(1, 80, 160, 160, 32, 4, 1)));
  }

  private static void close(INDArray expected, INDArray actual, String what) {
    assertEquals(0, actual.isNaN().castTo(DataType.INT32).sumNumber().intValue(), what + ": not written");
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double diff = actual.sub(expected).amaxNumber().doubleValue();
    assertTrue(diff <= 1e-5 * scale * 10, what + ": max difference " + diff + " at scale " + scale);
  }
}
