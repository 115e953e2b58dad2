package io.foldwise.unet.model;

import io.foldwise.unet.onednn.Conv3dPrimitives;
import io.foldwise.unet.onednn.OneDnn;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.Convolution3DParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The convolution of {@link ConcatConv3d}: a {@link Conv3dLayer} over the channel concatenation of
 * several inputs, computed without building the concatenation. A convolution is linear in its input
 * channels, so {@code conv(concat(a, b), [Wa | Wb]) = conv(a, Wa) + conv(b, Wb)}: the forward pass
 * runs one oneDNN convolution per part, the later ones adding into the output (sum post-op); the
 * backward pass gives each part its own input gradient and the weight gradient by parts. Neither
 * the concatenated activation (twice a part's size, kept for the backward pass) nor its gradient
 * (split again afterwards) exists: at 160x160x80 that is 0.5 GB of activations and 0.5 GB of
 * gradient per sample at the top level alone.
 *
 * <p>The parameters are those of the same convolution on the concatenation ([oC, sum of part
 * channels, k, k, k], parts in input order), so a graph built either way has the same parameters.
 * Anything the direct path does not take (double precision, oneDNN off) concatenates and runs
 * {@link Conv3dLayer}'s own path.
 */
public class ConcatConv3dLayer extends Conv3dLayer {
  private INDArray[] parts;
  private long[] partChannels;
  private INDArray lastConcatOutput;
  /** Contiguous copies of each part's weights (small), reused between calls. */
  private INDArray[] partWeights;
  private INDArray[] partWeightGradients;
  private INDArray scratchBiasGradient;
  private INDArray zeroBias;
  /** True when the last forward pass concatenated (fallback path). */
  private boolean concatenated;

  public ConcatConv3dLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** The forward pass over the parts (each [N, D, H, W, c_i]). */
  INDArray activate(INDArray[] inputs, boolean training, LayerWorkspaceMgr workspaceMgr) {
    parts = inputs;
    partChannels = new long[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i].rank() != 5) {
        throw new IllegalStateException(layerConf().getLayerName() + " needs rank-5 inputs, input " + i
            + " has shape " + java.util.Arrays.toString(inputs[i].shape()));
      }
      partChannels[i] = inputs[i].size(4);
    }
    concatenated = !directParts(inputs);
    if (concatenated) {
      INDArray merged;
      try (var ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
        merged = Nd4j.concat(4, inputs);
      }
      setInput(merged, workspaceMgr);
      lastConcatOutput = null;
      return activate(training, workspaceMgr);
    }
    setInput(inputs[0], workspaceMgr);
    INDArray first = OneDnn.dense(inputs[0]);
    long[] s = first.shape();
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
        new long[] {s[0], s[1], s[2], s[3], layerConf().getNOut()}, 'c');
    INDArray weights = getParamWithNoise(Convolution3DParamInitializer.WEIGHT_KEY, training, workspaceMgr);
    INDArray bias = getParamWithNoise(Convolution3DParamInitializer.BIAS_KEY, training, workspaceMgr);
    splitWeights(weights);
    for (int i = 0; i < inputs.length; i++) {
      INDArray in = OneDnn.dense(inputs[i]);
      Conv3dPrimitives p = primitives(in);
      if (i == 0) {
        p.forward(in, partWeights[i], bias, out);
      } else {
        p.forwardAccumulate(in, partWeights[i], zeroBias, out);
      }
    }
    INDArray activated = layerConf().getActivationFn().getActivation(out, training);
    lastConcatOutput = training ? activated : null;
    return activated;
  }

  /** The backward pass: the gradient and one input gradient per part. */
  Pair<Gradient, INDArray[]> backpropParts(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (concatenated || lastConcatOutput == null) {
      if (!concatenated) {
        throw new IllegalStateException(layerConf().getLayerName() + ": backward pass without a training forward pass");
      }
      Pair<Gradient, INDArray> p = backpropGradient(epsilon, workspaceMgr);
      return new Pair<>(p.getFirst(), splitGradient(p.getSecond(), workspaceMgr));
    }
    INDArray weights = getParamWithNoise(Convolution3DParamInitializer.WEIGHT_KEY, true, workspaceMgr);
    INDArray weightGrad = gradientViews.get(Convolution3DParamInitializer.WEIGHT_KEY);
    INDArray biasGrad = gradientViews.get(Convolution3DParamInitializer.BIAS_KEY);
    splitWeights(weights);
    INDArray delta = OneDnn.dense(layerConf().getActivationFn().backprop(lastConcatOutput, epsilon).getFirst());
    INDArray[] inputGrads = new INDArray[parts.length];
    long from = 0;
    for (int i = 0; i < parts.length; i++) {
      INDArray in = OneDnn.dense(parts[i]);
      inputGrads[i] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
      primitives(in).backward(in, partWeights[i], delta, inputGrads[i], partWeightGradients[i],
          i == 0 ? biasGrad : scratchBiasGradient);
      weightGrad.get(channelRange(from, partChannels[i])).assign(partWeightGradients[i]);
      from += partChannels[i];
    }
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(Convolution3DParamInitializer.BIAS_KEY, biasGrad);
    gradient.setGradientFor(Convolution3DParamInitializer.WEIGHT_KEY, weightGrad, 'c');
    weightNoiseParams.clear();
    return new Pair<>(gradient, inputGrads);
  }

  @Override
  public void clear() {
    super.clear();
    parts = null;
    lastConcatOutput = null;
  }

  private boolean directParts(INDArray[] inputs) {
    for (INDArray in : inputs) {
      input = in; // direct() looks at the input; set for real by the caller
      if (!direct()) {
        return false;
      }
    }
    return true;
  }

  /** Copies each part's slice of the weights [oC, iC, k, k, k] into contiguous detached buffers. */
  private void splitWeights(INDArray weights) {
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      if (partWeights == null || partWeights.length != parts.length
          || partWeights[0].size(0) != weights.size(0)) {
        partWeights = new INDArray[parts.length];
        partWeightGradients = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
          long[] shape = weights.shape().clone();
          shape[1] = partChannels[i];
          partWeights[i] = Nd4j.createUninitializedDetached(dataType, shape);
          partWeightGradients[i] = Nd4j.createUninitializedDetached(dataType, shape);
        }
        scratchBiasGradient = Nd4j.createUninitializedDetached(dataType, weights.size(0));
        zeroBias = Nd4j.zeros(dataType, weights.size(0));
      }
      long from = 0;
      for (int i = 0; i < parts.length; i++) {
        partWeights[i].assign(weights.get(channelRange(from, partChannels[i])));
        from += partChannels[i];
      }
    }
  }

  private static INDArrayIndex[] channelRange(long from, long count) {
    return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(from, from + count),
        NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
  }

  /** The fallback path's input gradient [N, D, H, W, sum c_i] split into the parts' gradients. */
  private INDArray[] splitGradient(INDArray merged, LayerWorkspaceMgr workspaceMgr) {
    INDArray[] out = new INDArray[partChannels.length];
    long start = 0;
    for (int i = 0; i < partChannels.length; i++) {
      INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all(), NDArrayIndex.interval(start, start + partChannels[i])};
      out[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, merged.get(idx));
      start += partChannels[i];
    }
    return out;
  }

  private Conv3dPrimitives primitives(INDArray in) {
    return Conv3dPrimitives.of(Conv3dPrimitives.Problem.of(in, layerConf().getNOut(),
        layerConf().getKernelSize()[0]));
  }
}
