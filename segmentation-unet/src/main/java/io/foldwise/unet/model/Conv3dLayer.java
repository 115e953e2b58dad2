package io.foldwise.unet.model;

import io.foldwise.unet.onednn.Conv3dPrimitives;
import io.foldwise.unet.onednn.OneDnn;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Convolution3DLayer;
import org.deeplearning4j.nn.params.Convolution3DParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's Convolution3DLayer with two changes, both exact:
 *
 * <ul>
 *   <li>Channels-last float32 convolutions (cubic odd kernel, stride 1, "same" mode, bias) run as
 *       direct oneDNN primitives ({@link Conv3dPrimitives}) instead of ND4J's {@code conv3dnew} /
 *       {@code conv3dnew_bp}, which reorder every activation and gradient to and from oneDNN's own
 *       layouts on each call. Anything else (double precision in gradient checks, oneDNN disabled)
 *       takes DL4J's path.
 *   <li>The backward pass does not recompute the convolution only to feed the activation's
 *       derivative: for ReLU (derivative 1 where z > 0, and relu(z) > 0 exactly where z > 0) and
 *       identity the forward output gives the same derivative, so the output of the last training
 *       forward pass is handed to the backward pass. It lives in the graph's activation workspace,
 *       valid until the backward pass ends (it is the next layer's input); it is forgotten on
 *       {@link #clear()} and on every inference pass.
 * </ul>
 */
public class Conv3dLayer extends Convolution3DLayer {
  private INDArray lastOutput;

  public Conv3dLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    INDArray out = super.activate(training, workspaceMgr);
    lastOutput = training && reusable(layerConf().getActivationFn()) ? out : null;
    return out;
  }

  @Override
  protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop,
      LayerWorkspaceMgr workspaceMgr) {
    if (forBackprop && lastOutput != null) {
      return new Pair<>(lastOutput, null);
    }
    if (direct()) {
      INDArray in = OneDnn.dense(input);
      long[] s = in.shape();
      INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
          new long[] {s[0], s[1], s[2], s[3], layerConf().getNOut()}, 'c');
      primitives(in).forward(in,
          getParamWithNoise(Convolution3DParamInitializer.WEIGHT_KEY, training, workspaceMgr),
          getParamWithNoise(Convolution3DParamInitializer.BIAS_KEY, training, workspaceMgr), out);
      return new Pair<>(out, null);
    }
    return super.preOutput(training, forBackprop, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (!direct()) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    INDArray in = OneDnn.dense(input);
    INDArray weights = getParamWithNoise(Convolution3DParamInitializer.WEIGHT_KEY, true, workspaceMgr);
    INDArray weightGrad = gradientViews.get(Convolution3DParamInitializer.WEIGHT_KEY);
    INDArray biasGrad = gradientViews.get(Convolution3DParamInitializer.BIAS_KEY);
    INDArray preOut = preOutput(true, true, workspaceMgr).getFirst();
    INDArray delta = OneDnn.dense(layerConf().getActivationFn().backprop(preOut, epsilon).getFirst());
    INDArray inputGrad = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
    boolean unused = layerConf() instanceof Conv3d c && c.isInputGradientUnused();
    primitives(in).backward(in, weights, delta, unused ? null : inputGrad, weightGrad, biasGrad);
    Gradient gradient = new DefaultGradient();
    gradient.setGradientFor(Convolution3DParamInitializer.BIAS_KEY, biasGrad);
    gradient.setGradientFor(Convolution3DParamInitializer.WEIGHT_KEY, weightGrad, 'c');
    weightNoiseParams.clear();
    return new Pair<>(gradient, inputGrad);
  }

  @Override
  public void clear() {
    super.clear();
    lastOutput = null;
  }

  /** True when this layer's convolution runs as direct oneDNN primitives. */
  boolean direct() {
    Convolution3D c = (Convolution3D) layerConf();
    int[] k = c.getKernelSize();
    return OneDnn.usable(dataType)
        && input != null && input.rank() == 5 && input.dataType() == dataType
        && c.getDataFormat() == Convolution3D.DataFormat.NDHWC
        && c.getConvolutionMode() == ConvolutionMode.Same && c.hasBias()
        && k[0] == k[1] && k[1] == k[2] && k[0] % 2 == 1
        && Arrays.stream(c.getStride()).allMatch(v -> v == 1)
        && Arrays.stream(c.getDilation()).allMatch(v -> v == 1);
  }

  private Conv3dPrimitives primitives(INDArray in) {
    Convolution3D c = (Convolution3D) layerConf();
    return Conv3dPrimitives.of(Conv3dPrimitives.Problem.of(in, c.getNOut(), c.getKernelSize()[0]));
  }

  static boolean reusable(IActivation activation) {
    return activation instanceof ActivationIdentity
        || new ActivationReLU().equals(activation);
  }
}
