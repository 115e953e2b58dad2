package io.foldwise.unet.train;

import io.foldwise.unet.config.LossKind;
import io.foldwise.unet.loss.SegmentationLoss;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One Adam step on a batch given as micro-batches, as DL4J's StochasticGradientDescent does it
 * (gradient, updater, params −= update, iteration count + 1) but with the micro-batches' raw
 * gradients summed first. DL4J's updater divides by the batch size, so the step uses the mean
 * gradient of the whole batch. Batch-norm moving statistics (updated through their "gradient"
 * without division) are averaged over the micro-batches.
 */
public final class GradientStep {
  /** Batch loss and metric means (Keras scale) of one step. */
  public record Outcome(double loss, Map<LossKind, Double> metrics) {}

  private GradientStep() {}

  /**
   * One step; each element of {@code microBatches} is {features [n,z,y,x,1], one-hot labels
   * [n,z,y,x,C]} (channels-last). Used by {@link Trainer}; public for benchmarks.
   */
  public static Outcome run(ComputationGraph graph, List<INDArray[]> microBatches) {
    int k = microBatches.size();
    INDArray sum = null;
    double loss = 0;
    int total = 0;
    Map<LossKind, Double> metrics = new EnumMap<>(LossKind.class);
    for (INDArray[] xy : microBatches) {
      int n = (int) xy[0].size(0);
      graph.setInput(0, xy[0]);
      graph.setLabel(0, xy[1]);
      graph.computeGradientAndScore();
      loss += graph.score() * n;
      lossFunction(graph).lastMetrics().forEach((m, v) -> metrics.merge(m, v * n, Double::sum));
      total += n;
      if (k > 1) {
        if (sum == null) {
          sum = graph.getFlattenedGradients().dup();
        } else {
          sum.addi(graph.getFlattenedGradients());
        }
      }
    }
    // created by the first backward pass of a fresh network
    INDArray flat = graph.getFlattenedGradients();
    Gradient gradient = graph.gradient();
    if (k > 1) {
      flat.assign(sum);
      averageUndividedGradients(graph, gradient, k);
    }
    int iteration = BaseOptimizer.getIterationCount(graph);
    int epoch = BaseOptimizer.getEpochCount(graph);
    graph.getUpdater().update(gradient, iteration, epoch, total, LayerWorkspaceMgr.noWorkspaces());
    INDArray params = graph.params();
    params.subi(flat.reshape(params.shape()));
    BaseOptimizer.incrementIterationCount(graph, 1);
    graph.clearLayersStates();
    final int count = total;
    metrics.replaceAll((m, v) -> v / count);
    return new Outcome(loss / total, metrics);
  }

  /** Parameters whose updates DL4J does not divide by the batch (batch-norm mean/var): mean of k. */
  private static void averageUndividedGradients(ComputationGraph graph, Gradient gradient, int k) {
    for (Map.Entry<String, INDArray> e : gradient.gradientForVariable().entrySet()) {
      String key = e.getKey();
      int cut = key.lastIndexOf('_');
      Layer layer = graph.getLayer(key.substring(0, cut));
      if (layer != null && !layer.updaterDivideByMinibatch(key.substring(cut + 1))) {
        e.getValue().divi(k);
      }
    }
  }

  static SegmentationLoss lossFunction(ComputationGraph graph) {
    Cnn3DLossLayer conf = (Cnn3DLossLayer) graph.getOutputLayer(0).conf().getLayer();
    return (SegmentationLoss) conf.getLossFn();
  }
}
