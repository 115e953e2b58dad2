package io.foldwise.unet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The oneDNN batch-norm helper inside a DL4J network (Dense -> BatchNormalization -> Output on
 * rank-2 float32 input) against the same network on DL4J's own element-wise batch norm: same score,
 * gradients, running statistics after a fit step and inference output. A counting wrapper proves
 * every pass went through the helper (a helper returning null would silently fall back to DL4J).
 */
class OneDnnBatchNormHelperTest {

  @org.junit.jupiter.api.BeforeEach
  void directOneDnnLayersAreInUse() {
    // skipped under FOLDWISE_NATIVE=plain, whose U-Net does not call oneDNN directly
    io.foldwise.unet.onednn.DirectOneDnn.required();
  }
  private static final int ROWS = 300;
  private static final int IN = 6;
  private static final int CHANNELS = 16;
  private static final int CLASSES = 3;

  @Test
  void networkWithTheHelperMatchesDl4jsOwnBatchNorm() {
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.rand(DataType.FLOAT, ROWS, IN).muli(3).subi(1);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, ROWS, CLASSES);
    for (int i = 0; i < ROWS; i++) {
      labels.putScalar(i, (i * 7) % CLASSES, 1f);
    }
    MultiLayerNetwork plain = network();
    MultiLayerNetwork onednn = network();
    onednn.setParams(plain.params().dup());
    setHelper(plain, null);
    Counting counting = new Counting();
    setHelper(onednn, counting);

    for (MultiLayerNetwork net : new MultiLayerNetwork[] {plain, onednn}) {
      net.setInput(x);
      net.setLabels(labels);
      net.computeGradientAndScore();
    }
    assertEquals(1, counting.training, "training passes through the helper");
    assertEquals(1, counting.backward, "backward passes through the helper");
    assertEquals(plain.score(), onednn.score(), 1e-5 * Math.abs(plain.score()), "score");
    Map<String, INDArray> expected = plain.gradient().gradientForVariable();
    Map<String, INDArray> actual = onednn.gradient().gradientForVariable();
    assertEquals(expected.keySet(), actual.keySet(), "gradient keys");
    for (String key : expected.keySet()) {
      close(expected.get(key), actual.get(key), "gradient " + key);
    }

    DataSet batch = new DataSet(x, labels);
    plain.fit(batch);
    onednn.fit(batch);
    assertEquals(2, counting.training);
    assertEquals(2, counting.backward);
    for (String key : plain.paramTable().keySet()) {
      close(plain.getParam(key), onednn.getParam(key), "parameter " + key + " after a fit step");
    }
    INDArray runningMean = onednn.getParam("1_mean");
    assertTrue(runningMean.amaxNumber().doubleValue() > 0, "running mean moved from its initial zeros");

    INDArray expectedOut = plain.output(x, false);
    INDArray actualOut = onednn.output(x, false);
    assertEquals(1, counting.inference, "inference passes through the helper");
    close(expectedOut, actualOut, "inference output");
  }

  @Test
  void installPutsTheHelperIntoTheLayer() {
    MultiLayerNetwork net = network();
    BatchNormalization layer = (BatchNormalization) net.getLayer(1);
    OneDnnBatchNormHelper.install(layer, DataType.FLOAT);
    assertInstanceOf(OneDnnBatchNormHelper.class, BatchNormHelpers.get(layer));
    OneDnnBatchNormHelper helper = (OneDnnBatchNormHelper) BatchNormHelpers.get(layer);
    assertTrue(helper.checkSupported(1e-5, false));
    assertFalse(helper.checkSupported(1e-5, true), "fixed gamma/beta is DL4J's own path");
  }

  @Test
  void channelsLastRanksGiveTheSameResultAndOthersAreLeftToDl4j() {
    Nd4j.getRandom().setSeed(9);
    int c = 8;
    INDArray x2 = Nd4j.rand(DataType.FLOAT, 2 * 3 * 5, c);
    INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5);
    INDArray beta = Nd4j.rand(DataType.FLOAT, 1, c);
    LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
    OneDnnBatchNormHelper helper = new OneDnnBatchNormHelper(DataType.FLOAT);
    INDArray y2 = helper.preOutput(x2, true, x2.shape(), gamma, beta, null, null, 0.9, 1e-5, CNN2DFormat.NCHW, ws);
    assertNotNull(y2);
    INDArray mean2 = helper.getMeanCache(DataType.FLOAT).dup();

    INDArray nhwc = x2.reshape('c', 2, 3, 5, c);
    INDArray y4 = helper.preOutput(nhwc, true, nhwc.shape(), gamma, beta, null, null, 0.9, 1e-5,
        CNN2DFormat.NHWC, ws);
    assertEquals(y2, y4.reshape('c', 30, c), "NHWC [N, H, W, C] is [rows, C]");
    INDArray flat = x2.reshape('c', 30, c, 1, 1);
    INDArray y11 = helper.preOutput(flat, true, flat.shape(), gamma, beta, null, null, 0.9, 1e-5,
        CNN2DFormat.NCHW, ws);
    assertEquals(y2, y11.reshape('c', 30, c), "[N, C, 1, 1] is [N, C]");
    assertEquals(mean2, helper.getMeanCache(DataType.FLOAT));
    close(x2.mean(0), mean2, "batch mean");
    close(x2.var(false, 0), helper.getVarCache(DataType.FLOAT), "batch variance (biased)");

    INDArray nchw = x2.reshape('c', 2, c, 3, 5);
    assertNull(helper.preOutput(nchw, true, nchw.shape(), gamma, beta, null, null, 0.9, 1e-5, CNN2DFormat.NCHW, ws),
        "NCHW with H*W > 1 is left to DL4J");
    INDArray x2d = x2.castTo(DataType.DOUBLE);
    assertNull(helper.preOutput(x2d, true, x2d.shape(), gamma.castTo(DataType.DOUBLE), beta.castTo(DataType.DOUBLE),
        null, null, 0.9, 1e-5, CNN2DFormat.NCHW, ws), "double precision is left to DL4J");
    INDArray x3 = x2.reshape('c', 2, 15, c);
    assertNull(helper.preOutput(x3, true, x3.shape(), gamma, beta, null, null, 0.9, 1e-5, CNN2DFormat.NCHW, ws),
        "rank 3 is left to DL4J");
  }

  private static MultiLayerNetwork network() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(42)
        .dataType(DataType.FLOAT)
        .updater(new Sgd(0.1))
        .list()
        .layer(new DenseLayer.Builder().nOut(CHANNELS).activation(Activation.TANH).build())
        .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().decay(0.8).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
            .activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(IN))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  private static void setHelper(MultiLayerNetwork net, BatchNormalizationHelper helper) {
    BatchNormHelpers.set((org.deeplearning4j.nn.layers.normalization.BatchNormalization) net.getLayer(1), helper);
  }

  private static void close(INDArray expected, INDArray actual, String what) {
    assertTrue(expected.equalShapes(actual) || expected.length() == actual.length(), what + ": shape");
    INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
    INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
    double scale = Math.max(1e-3, e.amaxNumber().doubleValue());
    double diff = a.sub(e).amaxNumber().doubleValue();
    assertTrue(diff <= 1e-4 * scale, what + ": max difference " + diff + " at scale " + scale);
  }


  /** The oneDNN helper, counting the passes it handled (non-null results). */
  private static final class Counting implements BatchNormalizationHelper {
    private final OneDnnBatchNormHelper helper = new OneDnnBatchNormHelper(DataType.FLOAT);
    int training;
    int inference;
    int backward;

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
      return helper.checkSupported(eps, fixedGammaBeta);
    }

    @Override
    public boolean checkSupported() {
      return helper.checkSupported();
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
      return helper.helperMemoryUse();
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
        INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr ws) {
      INDArray out = helper.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, ws);
      if (out != null && training) {
        this.training++;
      } else if (out != null) {
        inference++;
      }
      return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
        INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
        LayerWorkspaceMgr ws) {
      Pair<Gradient, INDArray> result = helper.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView,
          dBetaView, eps, format, ws);
      if (result != null) {
        backward++;
      }
      return result;
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
      return helper.getMeanCache(dataType);
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
      return helper.getVarCache(dataType);
    }
  }
}
