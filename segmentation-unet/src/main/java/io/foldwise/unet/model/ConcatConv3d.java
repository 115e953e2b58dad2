package io.foldwise.unet.model;

import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 3-D convolution over the channel concatenation of its inputs, without the concatenation: the
 * U-Net's first decoder convolution after [up, skip] ({@link ConcatConv3dLayer}). Same parameters as
 * {@link Merge5d} followed by a {@link Conv3d} with as many input channels as the parts together.
 * Configuration class; the vertex is {@link ConcatConv3dVertex}.
 */
public class ConcatConv3d extends GraphVertex {
  /** The convolution's configuration (global defaults applied), as a layer vertex holds it. */
  private NeuralNetConfiguration layerConf;

  /** For JSON deserialisation. */
  public ConcatConv3d() {}

  /**
   * @param layerConf the convolution, a {@link Conv3d} whose nIn is the parts' channels together,
   *     with the graph's global configuration applied ({@code graphBuilder.getGlobalConfiguration()
   *     .clone().layer(conv).build()})
   */
  public ConcatConv3d(NeuralNetConfiguration layerConf) {
    if (!(layerConf.getLayer() instanceof Conv3d)) {
      throw new IllegalArgumentException("ConcatConv3d needs a Conv3d layer, got " + layerConf.getLayer());
    }
    this.layerConf = layerConf;
  }

  public NeuralNetConfiguration getLayerConf() {
    return layerConf;
  }

  public void setLayerConf(NeuralNetConfiguration layerConf) {
    this.layerConf = layerConf;
  }

  @Override
  public ConcatConv3d clone() {
    return new ConcatConv3d(layerConf.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConcatConv3d c && Objects.equals(layerConf, c.layerConf);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ConcatConv3d.class, layerConf);
  }

  @Override
  public long numParams(boolean backprop) {
    return layerConf.getLayer().initializer().numParams(layerConf);
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void setDataType(DataType dataType) {
    layerConf.getLayer().setDataType(dataType);
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name,
      int idx, INDArray paramsView, boolean initializeParams, DataType dataType) {
    Conv3d conv = (Conv3d) layerConf.getLayer();
    ConcatConv3dLayer layer = LayerWiring.wire(new ConcatConv3dLayer(layerConf, dataType), conv, layerConf,
        null, idx, paramsView, initializeParams);
    return new ConcatConv3dVertex(graph, name, idx, layer, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... inputs) throws InvalidInputTypeException {
    InputType merged = new Merge5d().getOutputType(layerIndex, inputs);
    long nIn = ((Conv3d) layerConf.getLayer()).getNIn();
    if (((InputType.InputTypeConvolutional3D) merged).getChannels() != nIn) {
      throw new InvalidInputTypeException("ConcatConv3d " + layerConf.getLayer().getLayerName() + ": inputs have "
          + ((InputType.InputTypeConvolutional3D) merged).getChannels() + " channels together, the convolution takes "
          + nIn);
    }
    return layerConf.getLayer().getOutputType(layerIndex, merged);
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputs) {
    return layerConf.getLayer().getMemoryReport(new Merge5d().getOutputType(-1, inputs));
  }
}
