package io.foldwise.unet.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's Convolution3D whose backward pass reuses the forward pass's activations instead of
 * recomputing the convolution ({@link Conv3dLayer}). Same parameters, same results; only for
 * activations whose derivative is a function of the output (ReLU, identity).
 */
public class Conv3d extends Convolution3D {
  /** True when this layer's input is the network's input, whose gradient nobody reads. */
  private boolean inputGradientUnused;

  /** For JSON deserialisation. */
  public Conv3d() {}

  /** From a configured DL4J builder. */
  public Conv3d(Convolution3D.Builder builder) {
    super(builder);
  }

  /**
   * Marks the layer as reading the network's input: its backward pass then skips the input
   * gradient (the first 3x3x3 convolution's input gradient is 1-2% of a training step) and returns
   * an unwritten array in its place. Only for a layer whose input is a graph input.
   */
  public Conv3d inputGradientUnused() {
    this.inputGradientUnused = true;
    return this;
  }

  public boolean isInputGradientUnused() {
    return inputGradientUnused;
  }

  public void setInputGradientUnused(boolean inputGradientUnused) {
    this.inputGradientUnused = inputGradientUnused;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int layerIndex, INDArray paramsView, boolean initializeParams, DataType networkDataType) {
    LayerValidation.assertNInNOutSet("Conv3d", getLayerName(), layerIndex, getNIn(), getNOut());
    return LayerWiring.wire(new Conv3dLayer(conf, networkDataType), this, conf, listeners, layerIndex,
        paramsView, initializeParams);
  }

  @Override
  public Conv3d clone() {
    return (Conv3d) super.clone();
  }
}
