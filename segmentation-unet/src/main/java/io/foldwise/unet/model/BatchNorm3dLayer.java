package io.foldwise.unet.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's batch normalisation run on a 5-D input reshaped to [N, C, D, H*W] (see
 * {@link BatchNorm3d}); outputs and epsilons are reshaped back to 5-D.
 */
public class BatchNorm3dLayer extends BatchNormalization {
  private long[] shape5d;

  public BatchNorm3dLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    if (input.rank() == 5) {
      shape5d = input.shape();
      input = to4d(input);
    }
    INDArray out = super.activate(training, workspaceMgr);
    return out.rank() == 4 && shape5d != null ? out.reshape('c', shape5d) : out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    INDArray eps = epsilon.rank() == 5 ? to4d(epsilon) : epsilon;
    Pair<Gradient, INDArray> result = super.backpropGradient(eps, workspaceMgr);
    INDArray back = result.getSecond();
    if (back != null && back.rank() == 4 && shape5d != null) {
      back = back.reshape('c', shape5d);
    }
    return new Pair<>(result.getFirst(), back);
  }

  private static INDArray to4d(INDArray a) {
    long[] s = a.shape();
    INDArray c = a.ordering() == 'c' && a.isView() == false ? a : a.dup('c');
    return c.reshape('c', s[0], s[1], s[2], s[3] * s[4]);
  }
}
