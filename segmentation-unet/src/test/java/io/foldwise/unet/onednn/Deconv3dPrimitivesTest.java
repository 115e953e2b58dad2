package io.foldwise.unet.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.util.ConvolutionUtils;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The direct oneDNN transposed convolution against ND4J's own {@code deconv3d} /
 * {@code deconv3d_bp}, called as DL4J 1.0.0-M2.1's {@code Deconvolution3DLayer} calls them for
 * NDHWC data in "same" mode, on the same arrays. Parameters and their gradients are views at an
 * offset into one flat array, laid out as DL4J's {@code Deconvolution3DParamInitializer} does (bias
 * [1, oC] first, then weights [kD, kH, kW, oC, iC] c-order), so a wrong address or a wrong weight
 * layout would show; every output of ours starts as NaN, so an unwritten element would show.
 */
class Deconv3dPrimitivesTest {

  @org.junit.jupiter.api.BeforeEach
  void directOneDnnLayersAreInUse() {
    // skipped under FOLDWISE_NATIVE=plain, whose U-Net does not call oneDNN directly
    DirectOneDnn.required();
  }
  private static final int K = Deconv3dPrimitives.KERNEL;
  private static final int S = Deconv3dPrimitives.STRIDE;

  @Test
  void forwardAndBackwardMatchNd4jsTransposedConvolution() {
    check(2, 3, 4, 5, 3, 4);
    check(1, 5, 3, 7, 8, 2);
    check(2, 1, 3, 1, 1, 16);
    check(1, 2, 2, 2, 16, 16);
    check(1, 1, 1, 11, 5, 3);
  }

  @Test
  void wrongShapesAreRejectedWithTheExpectedShape() {
    Deconv3dPrimitives deconv = Deconv3dPrimitives.of(new Deconv3dPrimitives.Problem(1, 2, 2, 2, 4, 2));
    INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 2, 4);
    INDArray w = Nd4j.zeros(DataType.FLOAT, 2, 2, 2, 2, 4);
    INDArray b = Nd4j.zeros(DataType.FLOAT, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> deconv.forward(x, w, b, Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 2, 2)));
    assertEquals("oneDNN deconvolution output must have shape [1, 4, 4, 4, 2], got [1, 2, 2, 2, 2]",
        e.getMessage());
    IllegalArgumentException transposed = assertThrows(IllegalArgumentException.class,
        () -> deconv.forward(x, Nd4j.zeros(DataType.FLOAT, 4, 2, 2, 2, 2), b,
            Nd4j.zeros(DataType.FLOAT, 1, 4, 4, 4, 2)));
    assertEquals("oneDNN deconvolution weights must have shape [2, 2, 2, 2, 4], got [4, 2, 2, 2, 2]",
        transposed.getMessage());
  }

  private static void check(int n, int d, int h, int w, int in, int out) {
    Nd4j.getRandom().setSeed(11 + in * 31L + out * 7L + d);
    INDArray x = Nd4j.rand(DataType.FLOAT, n, d, h, w, in).subi(0.5);
    long wCount = (long) K * K * K * out * in;
    long offset = 3;
    INDArray params = Nd4j.rand(DataType.FLOAT, 1, offset + out + wCount).subi(0.5);
    INDArray bias = params.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(offset, offset + out));
    INDArray weights = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset + out, offset + out + wCount))
        .reshape('c', K, K, K, out, in);
    assertTrue(weights.offset() > 0 && bias.offset() > 0);
    long[] outShape = {n, (long) S * d, (long) S * h, (long) S * w, out};
    INDArray delta = Nd4j.rand(DataType.FLOAT, outShape).subi(0.5);

    INDArray expectedOut = Nd4j.create(DataType.FLOAT, outShape);
    Nd4j.exec(DynamicCustomOp.builder("deconv3d").addInputs(x, weights, bias).addOutputs(expectedOut)
        .addIntegerArguments(args(x, forwardPadding(x, d, h, w))).callInplace(false).build());
    INDArray expectedDx = Nd4j.create(DataType.FLOAT, x.shape());
    INDArray expectedGradients = Nd4j.create(DataType.FLOAT, 1, offset + out + wCount);
    INDArray expectedDb = biasView(expectedGradients, offset, out);
    INDArray expectedDw = weightView(expectedGradients, offset, out, in, wCount);
    Nd4j.exec(DynamicCustomOp.builder("deconv3d_bp").addInputs(x, weights, bias, delta)
        .addOutputs(expectedDx, expectedDw, expectedDb).addIntegerArguments(args(x, new int[] {0, 0, 0}))
        .callInplace(false).build());

    Deconv3dPrimitives deconv = Deconv3dPrimitives.of(Deconv3dPrimitives.Problem.of(x, out));
    INDArray actualOut = Nd4j.create(DataType.FLOAT, outShape).assign(Float.NaN);
    deconv.forward(x, weights, bias, actualOut);
    INDArray actualDx = Nd4j.create(DataType.FLOAT, x.shape()).assign(Float.NaN);
    INDArray actualGradients = Nd4j.create(DataType.FLOAT, 1, offset + out + wCount).assign(Float.NaN);
    INDArray actualDb = biasView(actualGradients, offset, out);
    INDArray actualDw = weightView(actualGradients, offset, out, in, wCount);
    assertTrue(actualDw.offset() > 0 && actualDb.offset() > 0);
    deconv.backward(x, weights, delta, actualDx, actualDw, actualDb);

    String what = "deconv " + in + "->" + out + " at " + n + "x" + d + "x" + h + "x" + w + " ("
        + deconv.implementations() + ")";
    close(expectedOut, actualOut, what + " output");
    close(expectedDx, actualDx, what + " input gradient");
    close(expectedDw, actualDw, what + " weight gradient");
    close(expectedDb, actualDb, what + " bias gradient");
    assertTrue(actualGradients.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, offset)).isNaN().all(),
        what + ": wrote before the bias gradient's view");

    // the same with the scratch matrix in the caller's array (a layer's working memory): same bits
    INDArray scratch = Nd4j.create(DataType.FLOAT, deconv.scratchLength() + 3).assign(Float.NaN);
    INDArray dx = Nd4j.create(DataType.FLOAT, x.shape()).assign(Float.NaN);
    INDArray dw = Nd4j.create(DataType.FLOAT, actualDw.shape()).assign(Float.NaN);
    INDArray db = Nd4j.create(DataType.FLOAT, actualDb.shape()).assign(Float.NaN);
    deconv.backward(x, weights, delta, dx, dw, db, scratch);
    assertEquals(actualDx, dx, what + " input gradient with a caller's scratch");
    assertEquals(actualDw, dw, what + " weight gradient with a caller's scratch");
    assertEquals(actualDb, db, what + " bias gradient with a caller's scratch");
    assertTrue(!scratch.get(NDArrayIndex.interval(0, deconv.scratchLength())).isNaN().any(),
        what + ": the caller's scratch was not used");
  }

  /** The iArgs DL4J's Deconvolution3DLayer passes: kernel, stride, padding, dilation, same mode, NDHWC. */
  private static int[] args(INDArray x, int[] pad) {
    return new int[] {K, K, K, S, S, S, pad[0], pad[1], pad[2], 1, 1, 1, 1, 1};
  }

  /** The padding DL4J's Deconvolution3DLayer.preOutput computes in "same" mode. */
  private static int[] forwardPadding(INDArray x, int d, int h, int w) {
    int[] k = {K, K, K};
    int[] s = {S, S, S};
    int[] dilation = {1, 1, 1};
    long[] outSize = ConvolutionUtils.getDeconvolution3DOutputSize(x, k, s, null, dilation, ConvolutionMode.Same,
        Convolution3D.DataFormat.NDHWC);
    int[] o = {(int) outSize[0], (int) outSize[1], (int) outSize[2]};
    return ConvolutionUtils.getSameModeTopLeftPadding(o, new int[] {d, h, w}, k, s, dilation);
  }

  private static INDArray biasView(INDArray flat, long offset, int out) {
    return flat.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(offset, offset + out));
  }

  private static INDArray weightView(INDArray flat, long offset, int out, int in, long wCount) {
    return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset + out, offset + out + wCount))
        .reshape('c', K, K, K, out, in);
  }

  private static void close(INDArray expected, INDArray actual, String what) {
    assertEquals(0, actual.isNaN().castTo(DataType.INT32).sumNumber().intValue(), what + ": not written");
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double diff = actual.sub(expected).amaxNumber().doubleValue();
    assertTrue(diff <= 1e-4 * scale, what + ": max difference " + diff + " at scale " + scale);
  }
}
