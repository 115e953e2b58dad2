package io.foldwise.unet.model;

import io.foldwise.unet.onednn.Deconv3dPrimitives;
import io.foldwise.unet.onednn.OneDnn;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Deconvolution3DLayer;
import org.deeplearning4j.nn.params.DeconvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's Deconvolution3DLayer with the two exact changes of {@link Conv3dLayer}: channels-last
 * float32 2x2x2 stride-2 transposed convolutions run as direct oneDNN primitives
 * ({@link Deconv3dPrimitives}; anything else takes DL4J's path), and the backward pass reuses the
 * last training forward output instead of recomputing the transposed convolution to feed the
 * activation's derivative (identity and ReLU).
 */
public class Deconv3dLayer extends Deconvolution3DLayer {
  private INDArray lastOutput;
  private boolean inBackprop;

  public Deconv3dLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray out = super.activate(training, workspaceMgr);
    lastOutput = training && Conv3dLayer.reusable(layerConf().getActivationFn()) ? out : null;
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    inBackprop = true;
    try {
      if (!direct()) {
        return super.backpropGradient(epsilon, workspaceMgr);
      }
      assertInputSet(true);
      INDArray in = OneDnn.dense(input);
      INDArray weights = getParamWithNoise(DeconvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
      INDArray weightGrad = gradientViews.get(DeconvolutionParamInitializer.WEIGHT_KEY);
      INDArray biasGrad = gradientViews.get(DeconvolutionParamInitializer.BIAS_KEY);
      INDArray delta = OneDnn.dense(
          layerConf().getActivationFn().backprop(preOutput(true, workspaceMgr), epsilon).getFirst());
      INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
      Deconv3dPrimitives p = primitives(in);
      // the scratch matrix lives in the layer's working memory, free again for the next layer
      INDArray scratch = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
          p.scratchLength());
      p.backward(in, weights, delta, inputGrad, weightGrad, biasGrad, scratch);
      Gradient gradient = new DefaultGradient();
      gradient.setGradientFor(DeconvolutionParamInitializer.BIAS_KEY, biasGrad);
      gradient.setGradientFor(DeconvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
      weightNoiseParams.clear();
      return new Pair<>(gradient, inputGrad);
    } finally {
      inBackprop = false;
    }
  }

  @Override
  protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (inBackprop && lastOutput != null) {
      return lastOutput;
    }
    if (direct()) {
      INDArray in = OneDnn.dense(input);
      Deconv3dPrimitives p = primitives(in);
      INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
          p.problem().outputShape(), 'c');
      p.forward(in, getParamWithNoise(DeconvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr),
          getParamWithNoise(DeconvolutionParamInitializer.BIAS_KEY, training, workspaceMgr), out);
      return out;
    }
    return super.preOutput(training, workspaceMgr);
  }

  @Override
  public void clear() {
    super.clear();
    lastOutput = null;
  }

  /** True when this layer's transposed convolution runs as direct oneDNN primitives. */
  boolean direct() {
    Deconvolution3D c = layerConf();
    return OneDnn.usable(dataType)
        && input != null && input.rank() == 5 && input.dataType() == dataType
        && c.getDataFormat() == Convolution3D.DataFormat.NDHWC
        && c.getConvolutionMode() == ConvolutionMode.Same && c.hasBias()
        && Arrays.stream(c.getKernelSize()).allMatch(v -> v == Deconv3dPrimitives.KERNEL)
        && Arrays.stream(c.getStride()).allMatch(v -> v == Deconv3dPrimitives.STRIDE)
        && Arrays.stream(c.getDilation()).allMatch(v -> v == 1);
  }

  private Deconv3dPrimitives primitives(INDArray in) {
    return Deconv3dPrimitives.of(Deconv3dPrimitives.Problem.of(in, layerConf().getNOut()));
  }
}
