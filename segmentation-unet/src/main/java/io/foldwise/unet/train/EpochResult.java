package io.foldwise.unet.train;

import java.util.Map;
import java.util.TreeMap;

/**
 * One finished epoch.
 *
 * @param epoch 1-based epoch number
 * @param metrics epoch means: {@code loss} and each configured metric by MIScnn name
 *     ({@code tversky_loss}, {@code dice_soft}, ...), plus {@code val_...} when validating
 * @param learningRate the learning rate used during the epoch (its first step's, under a per-step schedule)
 * @param iterations optimizer steps done so far in the whole training
 * @param seconds wall time of the epoch (not part of the reproducible result)
 */
public record EpochResult(int epoch, Map<String, Double> metrics, double learningRate,
    long iterations, double seconds) {
  public EpochResult {
    metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
  }

  /** A metric's value; fails naming the metrics there are. */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + name + "' in epoch " + epoch
          + "; there are " + metrics.keySet());
    }
    return v;
  }
}
