package io.foldwise.unet.model;

import io.foldwise.unet.onednn.ChannelSlices;
import io.foldwise.unet.onednn.OneDnn;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The graph vertex of {@link Merge5d}: concat on the channel axis (4, NDHWC) forward, split the
 * epsilon on it back (each part copied: the layers below want contiguous arrays).
 */
public class Merge5dVertex extends BaseGraphVertex {
  private long[] channels;

  public Merge5dVertex(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, null, null, dataType);
  }

  @Override
  public boolean hasLayer() {
    return false;
  }

  @Override
  public Layer getLayer() {
    return null;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("Merge5d " + vertexName + ": inputs are not set");
    }
    channels = new long[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i].rank() != 5) {
        throw new IllegalStateException("Merge5d " + vertexName + " needs rank-5 inputs, input " + i
            + " has shape " + java.util.Arrays.toString(inputs[i].shape()));
      }
      channels[i] = inputs[i].size(4);
    }
    try (var ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
      return Nd4j.concat(4, inputs);
    }
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("Merge5d " + vertexName + ": epsilon is not set");
    }
    INDArray[] out = new INDArray[channels.length];
    long start = 0;
    if (OneDnn.usable(epsilon.dataType()) && OneDnn.contiguous(epsilon)) {
      long[] s = epsilon.shape();
      if (java.util.Arrays.stream(channels).allMatch(c -> c == channels[0])) {
        INDArray parts = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
            new long[] {channels.length, s[0], s[1], s[2], s[3], channels[0]}, 'c');
        ChannelSlices.split(epsilon, parts);
        for (int i = 0; i < channels.length; i++) {
          out[i] = parts.slice(i);
        }
        return new Pair<>(null, out);
      }
      for (int i = 0; i < channels.length; i++) {
        out[i] = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
            new long[] {s[0], s[1], s[2], s[3], channels[i]}, 'c');
        ChannelSlices.copy(epsilon, start, out[i]);
        start += channels[i];
      }
      return new Pair<>(null, out);
    }
    for (int i = 0; i < channels.length; i++) {
      INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all(), NDArrayIndex.interval(start, start + channels[i])};
      out[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.get(idx));
      start += channels[i];
    }
    return new Pair<>(null, out);
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    if (backpropGradientsViewArray != null) {
      throw new IllegalStateException("Merge5d has no parameters");
    }
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState state,
      int minibatch) {
    return new Pair<>(null, state);
  }

  @Override
  public String toString() {
    return "Merge5dVertex(" + vertexName + ")";
  }
}
