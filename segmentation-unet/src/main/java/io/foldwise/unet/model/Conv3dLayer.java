package io.foldwise.unet.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.Convolution3DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's Convolution3DLayer recomputes the whole convolution inside {@code backpropGradient} only
 * to feed the activation's derivative. For ReLU (derivative 1 where z > 0, and relu(z) > 0 exactly
 * where z > 0) and identity (derivative 1) the forward output gives the same derivative, so this
 * layer hands the output of the last training forward pass to the backward pass instead. The output
 * lives in the graph's activation workspace, valid until the backward pass ends (it is the next
 * layer's input); it is forgotten on {@link #clear()} and on every inference pass.
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
    return super.preOutput(training, forBackprop, workspaceMgr);
  }

  @Override
  public void clear() {
    super.clear();
    lastOutput = null;
  }

  static boolean reusable(IActivation activation) {
    return activation instanceof ActivationIdentity
        || new ActivationReLU().equals(activation);
  }
}
