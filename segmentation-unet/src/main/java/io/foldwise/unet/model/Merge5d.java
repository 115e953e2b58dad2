package io.foldwise.unet.model;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Concatenates 5-D channels-last [N, D, H, W, C] activations along the channel axis (DL4J's
 * MergeVertex fails in backprop on rank 5). Configuration class; the work is in {@link Merge5dVertex}.
 */
public class Merge5d extends GraphVertex {

  @Override
  public Merge5d clone() {
    return new Merge5d();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Merge5d;
  }

  @Override
  public int hashCode() {
    return Merge5d.class.hashCode();
  }

  @Override
  public long numParams(boolean backprop) {
    return 0;
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
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph,
      String name, int idx, INDArray paramsView, boolean initializeParams, DataType dataType) {
    return new Merge5dVertex(graph, name, idx, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... inputs) throws InvalidInputTypeException {
    long channels = 0;
    InputType.InputTypeConvolutional3D first = null;
    for (InputType in : inputs) {
      if (!(in instanceof InputType.InputTypeConvolutional3D c)) {
        throw new InvalidInputTypeException("Merge5d needs 3-D convolutional inputs, got " + in);
      }
      if (first == null) {
        first = c;
      } else if (c.getDepth() != first.getDepth() || c.getHeight() != first.getHeight()
          || c.getWidth() != first.getWidth()) {
        throw new InvalidInputTypeException(
            "Merge5d inputs differ in spatial size: " + first + " and " + c);
      }
      channels += c.getChannels();
    }
    return InputType.convolutional3D(first.getDataFormat(), first.getDepth(), first.getHeight(),
        first.getWidth(), channels);
  }

  @Override
  public MemoryReport getMemoryReport(InputType... inputs) {
    InputType out = getOutputType(-1, inputs);
    return new LayerMemoryReport.Builder(null, Merge5d.class, inputs[0], out)
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }
}
