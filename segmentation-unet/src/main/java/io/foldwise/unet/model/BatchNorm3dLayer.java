package io.foldwise.unet.model;

import io.foldwise.unet.onednn.OneDnn;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's batch normalisation run on a 5-D channels-last input reshaped to [N*D*H*W, C] (see
 * {@link BatchNorm3d}); outputs and epsilons are reshaped back to 5-D. Forward and backward run as
 * one oneDNN primitive each ({@link OneDnnBatchNormHelper}; ND4J's batchnorm ops through
 * {@link NativeBatchNormHelper} when direct oneDNN is off or the type is not float32), instead of
 * DL4J's ~10 element-wise passes (BENCHMARKS.md). The layer's input stays the 5-D array (valid
 * for the whole iteration); the 2-D view is made again for each pass, so no reshaped copy outlives
 * the workspace it was made in.
 */
public class BatchNorm3dLayer extends BatchNormalization {

  public BatchNorm3dLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
    if (OneDnn.usable(dataType)) {
      OneDnnBatchNormHelper.install(this, dataType);
    } else {
      NativeBatchNormHelper.install(this, dataType);
    }
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    assertInputSet(false);
    INDArray input5d = input;
    if (input5d.rank() != 5) {
      return super.activate(training, workspaceMgr);
    }
    input = to2d(input5d);
    try {
      return super.activate(training, workspaceMgr).reshape('c', input5d.shape());
    } finally {
      input = input5d;
    }
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    INDArray input5d = input;
    if (input5d.rank() != 5) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    input = to2d(input5d);
    try {
      Pair<Gradient, INDArray> result = super.backpropGradient(to2d(epsilon), workspaceMgr);
      return new Pair<>(result.getFirst(), result.getSecond().reshape('c', input5d.shape()));
    } finally {
      input = input5d;
    }
  }

  private static INDArray to2d(INDArray a) {
    long[] s = a.shape();
    return a.reshape('c', s[0] * s[1] * s[2] * s[3], s[4]);
  }
}
