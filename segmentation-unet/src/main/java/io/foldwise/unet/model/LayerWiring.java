package io.foldwise.unet.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What DL4J's own layer configurations do in {@code instantiate} once the layer object exists:
 * listeners, index, the parameter view and its initialised parameter table, the configuration.
 * Shared by this package's custom layers.
 */
final class LayerWiring {
  private LayerWiring() {}

  static <L extends Layer> L wire(L layer, org.deeplearning4j.nn.conf.layers.Layer config,
      NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
      INDArray paramsView, boolean initializeParams) {
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(config.initializer().init(conf, paramsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }
}
