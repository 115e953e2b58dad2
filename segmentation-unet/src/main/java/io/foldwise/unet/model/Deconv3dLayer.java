package io.foldwise.unet.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Deconvolution3DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's Deconvolution3DLayer recomputes the transposed convolution inside
 * {@code backpropGradient} to feed the activation's derivative; as in {@link Conv3dLayer}, for
 * identity and ReLU the last training forward output serves instead.
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
      return super.backpropGradient(epsilon, workspaceMgr);
    } finally {
      inBackprop = false;
    }
  }

  @Override
  protected INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (inBackprop && lastOutput != null) {
      return lastOutput;
    }
    return super.preOutput(training, workspaceMgr);
  }

  @Override
  public void clear() {
    super.clear();
    lastOutput = null;
  }
}
