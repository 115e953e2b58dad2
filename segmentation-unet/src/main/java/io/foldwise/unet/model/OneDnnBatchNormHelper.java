package io.foldwise.unet.model;

import io.foldwise.unet.onednn.BatchNormPrimitives;
import io.foldwise.unet.onednn.OneDnn;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's batch-norm helper contract (1.0.0-M2.1) fulfilled by direct oneDNN primitives on
 * channels-last data ({@link BatchNormPrimitives}): a drop-in for DL4J's {@code MKLDNNBatchNormHelper}
 * with the same semantics (the training pass keeps the batch mean and biased variance for
 * {@link #getMeanCache} / {@link #getVarCache}, from which the layer moves its running statistics
 * with {@code decay}; the backward pass writes the gamma/beta gradients into the layer's gradient
 * views; outputs are {@code ACTIVATIONS}, input gradients {@code ACTIVATION_GRAD} workspace arrays).
 *
 * <p>Handles float32 arrays whose channel dimension is the innermost one in memory: rank 2 [rows,
 * C], rank 4 NHWC [N, H, W, C], and rank 4 [N, C, 1, 1] (DL4J hands a rank-2 layer input to its
 * helper in that shape). Returns null for anything else (other ranks, NCHW with H*W > 1, other data
 * types, fixed gamma/beta), and DL4J then runs its own element-wise path.
 */
public final class OneDnnBatchNormHelper implements BatchNormalizationHelper {

  private INDArray meanCache;
  private INDArray varCache;

  /** A helper for a layer of this data type (only float32 passes are handled). */
  public OneDnnBatchNormHelper(DataType dataType) {
    // like DL4J's helper: the data type is checked per pass, on the arrays themselves
  }

  /** Installs a new helper into a DL4J batch-norm layer (its field is package-private). */
  public static void install(BatchNormalization layer, DataType dataType) {
    BatchNormHelpers.set(layer, new OneDnnBatchNormHelper(dataType));
  }

  @Override
  public boolean checkSupported(double eps, boolean fixedGammaBeta) {
    return !fixedGammaBeta && OneDnn.usable(DataType.FLOAT);
  }

  @Override
  public boolean checkSupported() {
    return OneDnn.usable(DataType.FLOAT);
  }

  @Override
  public Map<String, Long> helperMemoryUse() {
    return Collections.emptyMap();
  }

  @Override
  public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
      INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
    long channels = training ? channels(x, format, gamma, beta) : channels(x, format, gamma, beta, mean, var);
    if (channels < 0 || !OneDnn.usable(DataType.FLOAT)) {
      return null;
    }
    INDArray input = OneDnn.dense(x);
    BatchNormPrimitives bn = BatchNormPrimitives.of(new BatchNormPrimitives.Problem(
        input.length() / channels, channels, eps));
    INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
    if (training) {
      allocateCaches(channels);
      bn.forwardTraining(input, OneDnn.dense(gamma), OneDnn.dense(beta), output, meanCache, varCache);
    } else {
      bn.forwardInference(input, OneDnn.dense(gamma), OneDnn.dense(beta), OneDnn.dense(mean),
          OneDnn.dense(var), output);
    }
    return output;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
      INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    long channels = channels(input, format, gamma, dGammaView, dBetaView);
    if (channels < 0 || meanCache == null || meanCache.length() != channels
        || epsilon.dataType() != DataType.FLOAT || !Arrays.equals(epsilon.shape(), input.shape())
        || !OneDnn.usable(DataType.FLOAT)) {
      return null;
    }
    INDArray x = OneDnn.dense(input);
    INDArray delta = OneDnn.dense(epsilon);
    BatchNormPrimitives bn = BatchNormPrimitives.of(new BatchNormPrimitives.Problem(
        x.length() / channels, channels, eps));
    INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
        input.shape());
    INDArray dGamma = OneDnn.dense(dGammaView);
    INDArray dBeta = OneDnn.dense(dBetaView);
    bn.backward(x, meanCache, varCache, delta, OneDnn.dense(gamma), inputGradient, dGamma, dBeta);
    if (dGamma != dGammaView) {
      dGammaView.assign(dGamma);
    }
    if (dBeta != dBetaView) {
      dBetaView.assign(dBeta);
    }
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    return new Pair<>(gradient, inputGradient);
  }

  @Override
  public INDArray getMeanCache(DataType dataType) {
    return meanCache;
  }

  @Override
  public INDArray getVarCache(DataType dataType) {
    return varCache;
  }

  /**
   * The channel count (gamma's length) when the c-order elements of {@code x} are [rows, C] (its
   * channels are innermost in memory) and every array is float32, else -1.
   */
  private static long channels(INDArray x, CNN2DFormat format, INDArray... perChannel) {
    if (x.dataType() != DataType.FLOAT || perChannel[0] == null) {
      return -1;
    }
    long c = perChannel[0].length();
    for (INDArray a : perChannel) {
      if (a == null || a.dataType() != DataType.FLOAT || a.length() != c) {
        return -1;
      }
    }
    long[] s = x.shape();
    boolean channelsLast = s.length == 2 && s[1] == c
        || s.length == 4 && format == CNN2DFormat.NHWC && s[3] == c;
    // DL4J hands a rank-2 layer input to its helper as [N, C, 1, 1], whatever the format
    boolean flat = s.length == 4 && s[1] == c && s[2] == 1 && s[3] == 1;
    return channelsLast || flat ? c : -1;
  }

  /** The batch statistics live outside any workspace, for the layer to read after the pass. */
  private void allocateCaches(long channels) {
    if (meanCache != null && meanCache.length() == channels) {
      return;
    }
    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
      meanCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
      varCache = Nd4j.createUninitialized(DataType.FLOAT, channels);
    }
  }
}
