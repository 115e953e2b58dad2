package io.foldwise.unet.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Arrays;
import org.bytedeco.dnnl.dnnl_batch_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation over the rows of a [rows, C] array (the U-Net's NDHWC activations seen as
 * [N*D*H*W, C]), with a scale (gamma) and shift (beta) per channel, as oneDNN primitives: forward
 * training (computes the batch mean and biased variance), forward inference (given running mean and
 * variance) and backward (input, gamma and beta gradients).
 *
 * <p>Layouts: data [rows, C] c-order, described to oneDNN as 5-D [1, C, rows, 1, 1] in channels-last
 * order ({@code acdeb}), the same bytes as 2-D {@code nc}. For 2-D {@code nc} oneDNN 2.5 picks its
 * plain C++ kernel ({@code ncsp_bnorm}), 30 to 45 times slower at [2,048,000, 32 or 64] than the
 * jit kernel ({@code bnorm_jit}) it picks for 5-D channels-last; when it has no jit kernel for the
 * 5-D form either (channel counts that are not a multiple of the vector width) and would use its
 * reference kernel, the 2-D form is used. Mean, variance, gamma, beta and their gradients are C
 * values each. Each kind of primitive is built once per problem ({@link OneDnn#cached}).
 */
public final class BatchNormPrimitives {
  private static final int SCALE_SHIFT = dnnl_use_scale | dnnl_use_shift;

  private final Problem problem;
  private final dnnl_memory_desc_t data;
  private final dnnl_memory_desc_t channels;

  /** A batch-normalisation problem: rows, channels, epsilon added to the variance. */
  public record Problem(long rows, long channels, double epsilon) {
    public Problem {
      if (rows < 1 || channels < 1) {
        throw new IllegalArgumentException("batch norm needs rows >= 1 and channels >= 1, got "
            + rows + " x " + channels);
      }
      if (!(epsilon > 0)) {
        throw new IllegalArgumentException("batch norm epsilon must be > 0, got " + epsilon);
      }
    }

    /** The problem of an input array [rows, C]. */
    public static Problem of(INDArray input, double epsilon) {
      if (input.rank() != 2) {
        throw new IllegalArgumentException("batch norm input must be [rows, C], got shape "
            + Arrays.toString(input.shape()));
      }
      return new Problem(input.size(0), input.size(1), epsilon);
    }

    long[] dataDims() {
      return new long[] {1, channels, rows, 1, 1};
    }
  }

  /** One primitive with its descriptor. */
  private record Built(dnnl_primitive_desc pd, dnnl_primitive primitive) {}

  private BatchNormPrimitives(Problem p) {
    this.problem = p;
    data = layout(p);
    channels = OneDnn.md(dnnl_a, p.channels);
  }

  /** 5-D channels-last unless oneDNN has only its reference kernel for it (then 2-D {@code nc}). */
  private static dnnl_memory_desc_t layout(Problem p) {
    dnnl_memory_desc_t channelsLast = OneDnn.md(dnnl_acdeb, p.dataDims());
    dnnl_batch_normalization_desc_t d = new dnnl_batch_normalization_desc_t();
    OneDnn.check(dnnl_batch_normalization_forward_desc_init(d, dnnl_forward_training, channelsLast,
        (float) p.epsilon, SCALE_SHIFT), "dnnl_batch_normalization_forward_desc_init");
    dnnl_primitive_desc pd = OneDnn.primitiveDesc(d, null, null);
    try {
      return OneDnn.implementation(pd).startsWith("bnorm_ref") ? OneDnn.md(dnnl_nc, p.rows, p.channels)
          : channelsLast;
    } finally {
      dnnl_primitive_desc_destroy(pd);
    }
  }

  /** The primitives of a problem, built on first use. */
  public static BatchNormPrimitives of(Problem p) {
    return OneDnn.cached("batchnorm " + p, () -> new BatchNormPrimitives(p));
  }

  /** The problem these primitives solve. */
  public Problem problem() {
    return problem;
  }

  /**
   * Training-mode forward pass: {@code output = gamma * (input - mean) / sqrt(variance + eps) + beta}
   * with the batch {@code mean} and biased {@code variance} per channel, which are written too.
   * input and output [rows, C] c-order contiguous; gamma, beta, mean, variance C contiguous values.
   */
  public void forwardTraining(INDArray input, INDArray gamma, INDArray beta, INDArray output, INDArray mean,
      INDArray variance) {
    requireData(input, "input");
    requireData(output, "output");
    OneDnn.execute(training().primitive(),
        OneDnn.arg(DNNL_ARG_SRC, data, input),
        OneDnn.arg(DNNL_ARG_SCALE, channels, requireChannels(gamma, "gamma")),
        OneDnn.arg(DNNL_ARG_SHIFT, channels, requireChannels(beta, "beta")),
        OneDnn.arg(DNNL_ARG_DST, data, output),
        OneDnn.arg(DNNL_ARG_MEAN, channels, requireChannels(mean, "mean")),
        OneDnn.arg(DNNL_ARG_VARIANCE, channels, requireChannels(variance, "variance")));
  }

  /**
   * Inference-mode forward pass with given (running) {@code mean} and {@code variance}; shapes as in
   * {@link #forwardTraining}.
   */
  public void forwardInference(INDArray input, INDArray gamma, INDArray beta, INDArray mean, INDArray variance,
      INDArray output) {
    requireData(input, "input");
    requireData(output, "output");
    OneDnn.execute(inference().primitive(),
        OneDnn.arg(DNNL_ARG_SRC, data, input),
        OneDnn.arg(DNNL_ARG_SCALE, channels, requireChannels(gamma, "gamma")),
        OneDnn.arg(DNNL_ARG_SHIFT, channels, requireChannels(beta, "beta")),
        OneDnn.arg(DNNL_ARG_MEAN, channels, requireChannels(mean, "mean")),
        OneDnn.arg(DNNL_ARG_VARIANCE, channels, requireChannels(variance, "variance")),
        OneDnn.arg(DNNL_ARG_DST, data, output));
  }

  /**
   * The gradients of a training-mode forward pass given the gradient at its output ({@code delta},
   * [rows, C]) and the batch {@code mean} / {@code variance} it used: into {@code inputGradient}
   * ([rows, C]), {@code gammaGradient} and {@code betaGradient} (C values each, overwritten).
   */
  public void backward(INDArray input, INDArray mean, INDArray variance, INDArray delta, INDArray gamma,
      INDArray inputGradient, INDArray gammaGradient, INDArray betaGradient) {
    requireData(input, "input");
    requireData(delta, "delta");
    requireData(inputGradient, "input gradient");
    OneDnn.execute(backwardPrimitive().primitive(),
        OneDnn.arg(DNNL_ARG_SRC, data, input),
        OneDnn.arg(DNNL_ARG_MEAN, channels, requireChannels(mean, "mean")),
        OneDnn.arg(DNNL_ARG_VARIANCE, channels, requireChannels(variance, "variance")),
        OneDnn.arg(DNNL_ARG_DIFF_DST, data, delta),
        OneDnn.arg(DNNL_ARG_SCALE, channels, requireChannels(gamma, "gamma")),
        // oneDNN 2.5 counts the shift among the backward pass's inputs (it is never read)
        OneDnn.arg(DNNL_ARG_SHIFT, channels, gamma),
        OneDnn.arg(DNNL_ARG_DIFF_SRC, data, inputGradient),
        OneDnn.arg(DNNL_ARG_DIFF_SCALE, channels, requireChannels(gammaGradient, "gamma gradient")),
        OneDnn.arg(DNNL_ARG_DIFF_SHIFT, channels, requireChannels(betaGradient, "beta gradient")));
  }

  /** The implementations oneDNN chose (training / inference / backward), for logs. */
  public String implementations() {
    return "training " + OneDnn.implementation(training().pd())
        + ", inference " + OneDnn.implementation(inference().pd())
        + ", backward " + OneDnn.implementation(backwardPrimitive().pd());
  }

  private Built training() {
    return OneDnn.cached("batchnorm training " + problem, () -> forward(dnnl_forward_training, SCALE_SHIFT));
  }

  private Built inference() {
    return OneDnn.cached("batchnorm inference " + problem,
        () -> forward(dnnl_forward_inference, SCALE_SHIFT | dnnl_use_global_stats));
  }

  private Built backwardPrimitive() {
    Built hint = training(); // outside the supplier: OneDnn.cached's map must not be updated recursively
    return OneDnn.cached("batchnorm backward " + problem, () -> {
      dnnl_batch_normalization_desc_t d = new dnnl_batch_normalization_desc_t();
      OneDnn.check(dnnl_batch_normalization_backward_desc_init(d, dnnl_backward, data, data,
          (float) problem.epsilon, SCALE_SHIFT), "dnnl_batch_normalization_backward_desc_init");
      return build(OneDnn.primitiveDesc(d, null, hint.pd()));
    });
  }

  private Built forward(int propKind, int flags) {
    dnnl_batch_normalization_desc_t d = new dnnl_batch_normalization_desc_t();
    OneDnn.check(dnnl_batch_normalization_forward_desc_init(d, propKind, data, (float) problem.epsilon, flags),
        "dnnl_batch_normalization_forward_desc_init");
    return build(OneDnn.primitiveDesc(d, null, null));
  }

  private static Built build(dnnl_primitive_desc pd) {
    return new Built(pd, OneDnn.primitive(pd));
  }

  private void requireData(INDArray a, String name) {
    if (a.length() != problem.rows * problem.channels || !OneDnn.contiguous(a)) {
      throw new IllegalArgumentException("oneDNN batch norm " + name + " must be a c-order contiguous ["
          + problem.rows + ", " + problem.channels + "] array, got shape " + Arrays.toString(a.shape()));
    }
  }

  private INDArray requireChannels(INDArray a, String name) {
    if (a.length() != problem.channels || !OneDnn.contiguous(a)) {
      throw new IllegalArgumentException("oneDNN batch norm " + name + " must be " + problem.channels
          + " contiguous values, got shape " + Arrays.toString(a.shape()));
    }
    return a;
  }
}
