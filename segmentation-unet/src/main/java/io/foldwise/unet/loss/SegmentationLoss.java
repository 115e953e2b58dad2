package io.foldwise.unet.loss;

import io.foldwise.unet.config.LossKind;
import java.util.EnumMap;
import java.util.Map;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

/**
 * A MIScnn loss as a DL4J loss function for {@code Cnn3DLossLayer}, which passes [N·V, C] rows (V =
 * voxels per patch, sample-major) and applies softmax per row. DL4J divides the score and the
 * gradients by N, so this returns the sum over samples of the per-sample loss: the score is then
 * exactly Keras's batch mean. Each call of {@link #computeScore} also records every MIScnn metric
 * of the batch (means over samples), read by the trainer through {@link #lastMetrics()}.
 */
public class SegmentationLoss implements ILossFunction {
  private static final long serialVersionUID = 1L;

  private LossKind kind;
  private int voxelsPerSample;
  @JsonIgnore private transient Map<LossKind, Double> lastMetrics;

  /** For JSON deserialisation. */
  public SegmentationLoss() {}

  public SegmentationLoss(LossKind kind, int voxelsPerSample) {
    this.kind = kind;
    this.voxelsPerSample = voxelsPerSample;
  }

  public LossKind getKind() {
    return kind;
  }

  public void setKind(LossKind kind) {
    this.kind = kind;
  }

  public int getVoxelsPerSample() {
    return voxelsPerSample;
  }

  public void setVoxelsPerSample(int voxelsPerSample) {
    this.voxelsPerSample = voxelsPerSample;
  }

  /** Batch means of every MIScnn metric from the last score computation, or an empty map. */
  @JsonIgnore
  public Map<LossKind, Double> lastMetrics() {
    return lastMetrics == null ? Map.of() : Map.copyOf(lastMetrics);
  }

  private float[] probabilities(INDArray preOutput, IActivation activation) {
    return floats(activation.getActivation(preOutput.dup(), true));
  }

  /** The values of {@code a} in row-major order, as floats. */
  static float[] floats(INDArray a) {
    float[] out = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
    if (out.length != a.length()) {
      throw new IllegalStateException("buffer of " + out.length + " for " + a.length() + " values");
    }
    return out;
  }

  private int classes(INDArray labels) {
    return (int) labels.size(1);
  }

  private void check(INDArray labels, INDArray mask) {
    if (mask != null) {
      throw new IllegalArgumentException("SegmentationLoss does not support masks");
    }
    if (labels.size(0) % voxelsPerSample != 0) {
      throw new IllegalArgumentException("labels have " + labels.size(0)
          + " rows, not a multiple of the " + voxelsPerSample + " voxels of a patch; the patch "
          + "shape of the data differs from the model's");
    }
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activation,
      INDArray mask, boolean average) {
    check(labels, mask);
    float[] p = probabilities(preOutput, activation);
    float[] y = floats(labels);
    int classes = classes(labels);
    Map<LossKind, Double> metrics = new EnumMap<>(LossKind.class);
    double score = 0;
    for (LossKind k : LossKind.values()) {
      double[] values = LossMath.perSample(k, p, y, classes, voxelsPerSample);
      double sum = 0;
      for (double v : values) {
        sum += v;
      }
      metrics.put(k, sum / values.length);
      if (k == kind) {
        score = average ? sum / values.length : sum;
      }
    }
    lastMetrics = metrics;
    return score;
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation,
      INDArray mask) {
    check(labels, mask);
    float[] p = probabilities(preOutput, activation);
    float[] y = floats(labels);
    double[] values = LossMath.perSample(kind, p, y, classes(labels), voxelsPerSample);
    float[] rows = new float[(int) labels.size(0)];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = (float) (values[r / voxelsPerSample] / voxelsPerSample);
    }
    return Nd4j.create(rows, new long[] {rows.length, 1}).castTo(preOutput.dataType());
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation,
      INDArray mask) {
    check(labels, mask);
    float[] p = probabilities(preOutput, activation);
    float[] y = floats(labels);
    float[] dLdp = LossMath.gradient(kind, p, y, classes(labels), voxelsPerSample);
    INDArray grad = Nd4j.create(dLdp, preOutput.shape(), 'c').castTo(preOutput.dataType());
    return activation.backprop(preOutput.dup(), grad).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activation, INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activation, mask, average),
        computeGradient(labels, preOutput, activation, mask));
  }

  @Override
  public String name() {
    return kind == null ? "segmentation" : kind.id();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentationLoss l && l.kind == kind && l.voxelsPerSample == voxelsPerSample;
  }

  @Override
  public int hashCode() {
    return 31 * (kind == null ? 0 : kind.hashCode()) + voxelsPerSample;
  }

  @Override
  public String toString() {
    return "SegmentationLoss(" + name() + ", voxelsPerSample=" + voxelsPerSample + ")";
  }
}
