package io.foldwise.unet.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's Deconvolution3D whose backward pass reuses the forward pass's output instead of
 * recomputing the transposed convolution ({@link Deconv3dLayer}). Same parameters, same results.
 */
public class Deconv3d extends Deconvolution3D {

  /** For JSON deserialisation. */
  public Deconv3d() {}

  /** From a configured DL4J builder. */
  public Deconv3d(Deconvolution3D.Builder builder) {
    super(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int layerIndex, INDArray paramsView, boolean initializeParams, DataType networkDataType) {
    LayerValidation.assertNInNOutSet("Deconv3d", getLayerName(), layerIndex, getNIn(), getNOut());
    return LayerWiring.wire(new Deconv3dLayer(conf, networkDataType), this, conf, listeners, layerIndex,
        paramsView, initializeParams);
  }

  @Override
  public Deconv3d clone() {
    return (Deconv3d) super.clone();
  }
}
