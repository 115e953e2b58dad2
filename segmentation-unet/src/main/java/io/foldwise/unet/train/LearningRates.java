package io.foldwise.unet.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Sets the learning rate of every layer's updater in place, for a rate that changes every step. DL4J's
 * {@code ComputationGraph.setLearningRate} sets the same values and then rebuilds the whole updater (new blocks,
 * state copied over): 15-35 ms per call on the smoke model, a fifth of a training step. The rebuild is not
 * needed when every layer gets the same rate (the blocks stay as they are) and the updaters read their
 * configuration's rate at every step, so this leaves it out; the step is the same to the bit
 * ({@code LearningRatesTest}).
 */
final class LearningRates {
  private LearningRates() {}

  /** What {@code graph.setLearningRate(rate)} sets, without its updater rebuild. */
  static void set(ComputationGraph graph, double rate) {
    for (Layer layer : graph.getLayers()) {
      if (layer.conf().getLayer() instanceof BaseLayer base) {
        IUpdater updater = base.getIUpdater();
        if (updater != null && updater.hasLearningRate()) {
          updater.setLrAndSchedule(rate, null);
        }
      }
    }
  }
}
