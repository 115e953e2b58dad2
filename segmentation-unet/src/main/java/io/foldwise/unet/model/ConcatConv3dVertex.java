package io.foldwise.unet.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The graph vertex of {@link ConcatConv3d}: a layer vertex with several inputs. It holds a
 * {@link ConcatConv3dLayer}, which the graph trains like any layer (parameters, gradients, updater
 * state under the vertex's name).
 */
public class ConcatConv3dVertex extends BaseGraphVertex {
  private final ConcatConv3dLayer layer;

  public ConcatConv3dVertex(ComputationGraph graph, String name, int index, ConcatConv3dLayer layer,
      DataType dataType) {
    super(graph, name, index, null, null, dataType);
    this.layer = layer;
  }

  @Override
  public boolean hasLayer() {
    return true;
  }

  @Override
  public Layer getLayer() {
    return layer;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoForward()) {
      throw new IllegalStateException("ConcatConv3d " + vertexName + ": inputs are not set");
    }
    return layer.activate(inputs, training, workspaceMgr);
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
    if (!canDoBackward()) {
      throw new IllegalStateException("ConcatConv3d " + vertexName + ": epsilon is not set");
    }
    return layer.backpropParts(epsilon, workspaceMgr);
  }

  @Override
  public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
    layer.setBackpropGradientsViewArray(backpropGradientsViewArray);
  }

  @Override
  public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState state, int minibatch) {
    return new Pair<>(null, state);
  }

  @Override
  public void clear() {
    super.clear();
    layer.clear();
  }

  @Override
  public Map<String, INDArray> paramTable(boolean backpropOnly) {
    return layer.paramTable(backpropOnly);
  }

  @Override
  public long numParams() {
    return layer.numParams();
  }

  @Override
  public TrainingConfig getConfig() {
    return layer.getConfig();
  }

  @Override
  public INDArray params() {
    return layer.params();
  }

  @Override
  public INDArray getGradientsViewArray() {
    return layer.getGradientsViewArray();
  }

  @Override
  public boolean updaterDivideByMinibatch(String paramName) {
    return layer.updaterDivideByMinibatch(paramName);
  }

  @Override
  public String toString() {
    return "ConcatConv3dVertex(" + vertexName + ")";
  }
}
