package io.foldwise.unet.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation over the channels of a 5-D channels-last [N, D, H, W, C] activation (DL4J's
 * own BatchNormalization accepts rank 2 and 4 only). The layer runs DL4J's implementation on the
 * [N*D*H*W, C] view: the statistics per channel are the same, since they are taken over N, D, H
 * and W either way. Configuration class; the work is in {@link BatchNorm3dLayer}.
 */
public class BatchNorm3d extends BatchNormalization {

  /** For JSON deserialisation. */
  public BatchNorm3d() {
    setDecay(0.9);
    setEps(1e-5);
    setMinibatch(true);
    setGamma(1.0);
    setBeta(0.0);
    setLockGammaBeta(false);
    setUseLogStd(false);
    setCnn2DFormat(CNN2DFormat.NCHW);
    setActivationFn(new ActivationIdentity());
  }

  /**
   * @param channels channels of the input
   * @param momentum moving-average momentum as in Keras (new = momentum * old + (1 - momentum) *
   *     batch), DL4J's decay
   * @param eps variance epsilon
   */
  public BatchNorm3d(String name, long channels, double momentum, double eps) {
    this();
    setLayerName(name);
    setNIn(channels);
    setNOut(channels);
    setDecay(momentum);
    setEps(eps);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int layerIndex, INDArray paramsView, boolean initializeParams, DataType networkDataType) {
    return LayerWiring.wire(new BatchNorm3dLayer(conf, networkDataType), this, conf, listeners, layerIndex,
        paramsView, initializeParams);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    if (!(inputType instanceof InputType.InputTypeConvolutional3D)) {
      throw new IllegalArgumentException("BatchNorm3d " + getLayerName()
          + " needs a 3-D convolutional input, got " + inputType);
    }
    return inputType;
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (inputType instanceof InputType.InputTypeConvolutional3D c && (nIn <= 0 || override)) {
      nIn = c.getChannels();
      nOut = c.getChannels();
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    long perExample = inputType.arrayElementsPerExample();
    return new LayerMemoryReport.Builder(getLayerName(), BatchNorm3d.class, inputType, inputType)
        .standardMemory(4 * nOut, 0)
        .workingMemory(0, 0, perExample, perExample)
        .cacheMemory(0, 0)
        .build();
  }

  @Override
  public BatchNorm3d clone() {
    return (BatchNorm3d) super.clone();
  }
}
