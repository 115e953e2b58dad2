package io.foldwise.unet.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Arrays;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 3-D transposed convolution (kernel 2x2x2, stride 2, no padding, bias: the U-Net's up-sampling
 * step, output twice the input's depth, height and width) on channels-last arrays, forward and
 * backward, as oneDNN deconvolution primitives.
 *
 * <p>Layouts: input [N, D, H, W, iC] and output [N, 2D, 2H, 2W, oC], c-order (oneDNN {@code acdeb});
 * weights and their gradient in DL4J's {@code Deconvolution3D} parameter layout [kD, kH, kW, oC, iC]
 * c-order (the array DL4J hands to ND4J's {@code deconv3d} op unchanged), described to oneDNN by
 * strides over its dimensions {oC, iC, kD, kH, kW} and reordered to and from the primitives' own
 * weight layouts (small); bias [oC]. Every primitive and weight buffer is built once per problem
 * shape ({@link OneDnn#cached}).
 */
public final class Deconv3dPrimitives {
  /** Kernel edge. */
  public static final int KERNEL = 2;
  /** Stride along each spatial axis. */
  public static final int STRIDE = 2;

  private final Problem problem;
  private final dnnl_memory_desc_t src;
  private final dnnl_memory_desc_t dst;
  private final dnnl_memory_desc_t userWeights;
  private final dnnl_memory_desc_t bias;
  private final dnnl_primitive_desc forwardPd;
  private final dnnl_primitive forward;
  private final dnnl_memory_desc_t forwardWeights;
  private final BytePointer forwardWeightsBuffer;
  private dnnl_primitive_desc backwardDataPd;
  private dnnl_primitive backwardData;
  private dnnl_memory_desc_t backwardDataWeights;
  private BytePointer backwardDataWeightsBuffer;
  private dnnl_primitive_desc backwardWeightsPd;
  private dnnl_primitive backwardWeights;
  private dnnl_memory_desc_t backwardWeightsDiff;
  private BytePointer backwardWeightsBuffer;

  /**
   * A transposed convolution problem: batch, input depth, height, width, channels in and out
   * (kernel {@value #KERNEL}, stride {@value #STRIDE}: output 2d x 2h x 2w).
   */
  public record Problem(long n, long d, long h, long w, long in, long out) {
    public Problem {
      if (n < 1 || d < 1 || h < 1 || w < 1 || in < 1 || out < 1) {
        throw new IllegalArgumentException("transposed convolution sizes must be positive, got n=" + n
            + " d=" + d + " h=" + h + " w=" + w + " in=" + in + " out=" + out);
      }
    }

    /** The problem of an input array [N, D, H, W, iC] up-sampled to {@code out} channels. */
    public static Problem of(INDArray input, long out) {
      if (input.rank() != 5) {
        throw new IllegalArgumentException("transposed convolution input must be [N, D, H, W, C], got shape "
            + Arrays.toString(input.shape()));
      }
      long[] s = input.shape();
      return new Problem(s[0], s[1], s[2], s[3], s[4], out);
    }

    /** The output shape [N, 2D, 2H, 2W, oC]. */
    public long[] outputShape() {
      return new long[] {n, STRIDE * d, STRIDE * h, STRIDE * w, out};
    }

    /** The weight shape in DL4J's layout, [kD, kH, kW, oC, iC]. */
    public long[] weightShape() {
      return new long[] {KERNEL, KERNEL, KERNEL, out, in};
    }

    long[] srcDims() {
      return new long[] {n, in, d, h, w};
    }

    long[] dstDims() {
      return new long[] {n, out, STRIDE * d, STRIDE * h, STRIDE * w};
    }

    long[] weightDims() {
      return new long[] {out, in, KERNEL, KERNEL, KERNEL};
    }

    /** Strides of DL4J's [kD, kH, kW, oC, iC] c-order array over oneDNN's {oC, iC, kD, kH, kW}. */
    long[] weightStrides() {
      long k = KERNEL;
      return new long[] {in, 1, k * k * out * in, k * out * in, out * in};
    }
  }

  private Deconv3dPrimitives(Problem p) {
    this.problem = p;
    src = OneDnn.md(dnnl_acdeb, p.srcDims());
    dst = OneDnn.md(dnnl_acdeb, p.dstDims());
    userWeights = new dnnl_memory_desc_t();
    OneDnn.check(dnnl_memory_desc_init_by_strides(userWeights, 5, p.weightDims(), dnnl_f32, p.weightStrides()),
        "dnnl_memory_desc_init_by_strides");
    bias = OneDnn.md(dnnl_a, p.out);
    dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_deconvolution_forward_desc_init(fd, dnnl_forward_training, dnnl_deconvolution_direct,
        src, anyWeights(p), bias, dst, strides(), pads(), pads()), "dnnl_deconvolution_forward_desc_init");
    forwardPd = OneDnn.primitiveDesc(fd, null, null);
    requireLayout(forwardPd, dnnl_query_src_md, src, "source");
    requireLayout(forwardPd, dnnl_query_dst_md, dst, "destination");
    forward = OneDnn.primitive(forwardPd);
    forwardWeights = OneDnn.query(forwardPd, dnnl_query_weights_md);
    forwardWeightsBuffer = OneDnn.same(forwardWeights, userWeights) ? null
        : new BytePointer(OneDnn.bytes(forwardWeights));
  }

  /** The primitives of a problem, built on first use. */
  public static Deconv3dPrimitives of(Problem p) {
    return OneDnn.cached("deconv3d " + p, () -> new Deconv3dPrimitives(p));
  }

  /** The problem these primitives solve. */
  public Problem problem() {
    return problem;
  }

  /**
   * {@code output = deconv(input, weights) + bias}; input [N, D, H, W, iC], output [N, 2D, 2H, 2W,
   * oC] (both c-order contiguous, output overwritten), weights [2, 2, 2, oC, iC] c-order contiguous
   * (DL4J's layout, may be a view into the parameter array), bias oC values.
   */
  public void forward(INDArray input, INDArray weights, INDArray biasValues, INDArray output) {
    requireShape(input, problem.n, problem.d, problem.h, problem.w, problem.in);
    requireShape(output, problem.outputShape());
    requireContiguous(input, "input");
    requireContiguous(output, "output");
    Pointer w = weights(weights, forwardWeights, forwardWeightsBuffer, "fwd");
    OneDnn.execute(forward,
        OneDnn.arg(DNNL_ARG_SRC, src, input),
        new OneDnn.Arg(DNNL_ARG_WEIGHTS, forwardWeights, w),
        OneDnn.arg(DNNL_ARG_BIAS, bias, vector(biasValues, "bias")),
        OneDnn.arg(DNNL_ARG_DST, dst, output));
  }

  /**
   * The gradients of a transposed convolution given the gradient at its output ({@code delta}, [N,
   * 2D, 2H, 2W, oC]): into {@code inputGradient} ([N, D, H, W, iC], skipped when null),
   * {@code weightGradient} ([2, 2, 2, oC, iC] c-order contiguous, overwritten) and
   * {@code biasGradient} (oC values, overwritten). All arrays c-order contiguous.
   */
  public void backward(INDArray input, INDArray weights, INDArray delta, INDArray inputGradient,
      INDArray weightGradient, INDArray biasGradient) {
    requireShape(input, problem.n, problem.d, problem.h, problem.w, problem.in);
    requireShape(delta, problem.outputShape());
    requireShape(weightGradient, problem.weightShape());
    requireContiguous(input, "input");
    requireContiguous(delta, "delta");
    requireContiguous(weightGradient, "weight gradient");
    buildBackward();
    if (inputGradient != null) {
      requireShape(inputGradient, problem.n, problem.d, problem.h, problem.w, problem.in);
      requireContiguous(inputGradient, "input gradient");
      Pointer w = weights(weights, backwardDataWeights, backwardDataWeightsBuffer, "bwd-data");
      OneDnn.execute(backwardData,
          OneDnn.arg(DNNL_ARG_DIFF_DST, dst, delta),
          new OneDnn.Arg(DNNL_ARG_WEIGHTS, backwardDataWeights, w),
          OneDnn.arg(DNNL_ARG_DIFF_SRC, src, inputGradient));
    }
    Pointer dw = backwardWeightsBuffer == null ? OneDnn.pointer(weightGradient) : backwardWeightsBuffer;
    OneDnn.execute(backwardWeights,
        OneDnn.arg(DNNL_ARG_SRC, src, input),
        OneDnn.arg(DNNL_ARG_DIFF_DST, dst, delta),
        new OneDnn.Arg(DNNL_ARG_DIFF_WEIGHTS, backwardWeightsDiff, dw),
        OneDnn.arg(DNNL_ARG_DIFF_BIAS, bias, vector(biasGradient, "bias gradient")));
    if (backwardWeightsBuffer != null) {
      OneDnn.reorder(backwardWeightsDiff, backwardWeightsBuffer, userWeights,
          OneDnn.pointer(weightGradient), "deconv3d diff-weights " + problem);
    }
  }

  private synchronized void buildBackward() {
    if (backwardWeights != null) {
      return;
    }
    Problem p = problem;
    dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_deconvolution_backward_data_desc_init(bd, dnnl_deconvolution_direct, src, anyWeights(p), dst,
        strides(), pads(), pads()), "dnnl_deconvolution_backward_data_desc_init");
    backwardDataPd = OneDnn.primitiveDesc(bd, null, forwardPd);
    requireLayout(backwardDataPd, dnnl_query_diff_src_md, src, "input gradient");
    requireLayout(backwardDataPd, dnnl_query_diff_dst_md, dst, "output gradient");
    backwardDataWeights = OneDnn.query(backwardDataPd, dnnl_query_weights_md);
    backwardDataWeightsBuffer = OneDnn.same(backwardDataWeights, userWeights) ? null
        : new BytePointer(OneDnn.bytes(backwardDataWeights));
    dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_deconvolution_backward_weights_desc_init(wd, dnnl_deconvolution_direct, src, anyWeights(p),
        bias, dst, strides(), pads(), pads()), "dnnl_deconvolution_backward_weights_desc_init");
    backwardWeightsPd = OneDnn.primitiveDesc(wd, null, forwardPd);
    requireLayout(backwardWeightsPd, dnnl_query_src_md, src, "input");
    requireLayout(backwardWeightsPd, dnnl_query_diff_dst_md, dst, "output gradient");
    backwardWeightsDiff = OneDnn.query(backwardWeightsPd, dnnl_query_diff_weights_md);
    backwardWeightsBuffer = OneDnn.same(backwardWeightsDiff, userWeights) ? null
        : new BytePointer(OneDnn.bytes(backwardWeightsDiff));
    backwardData = OneDnn.primitive(backwardDataPd);
    backwardWeights = OneDnn.primitive(backwardWeightsPd);
  }

  /**
   * The implementations oneDNN chose, for logs: forward, and once {@link #backward} has run,
   * backward data and backward weights.
   */
  public synchronized String implementations() {
    String s = "fwd " + OneDnn.implementation(forwardPd);
    if (backwardWeightsPd != null) {
      s += ", bwd-data " + OneDnn.implementation(backwardDataPd)
          + ", bwd-weights " + OneDnn.implementation(backwardWeightsPd);
    }
    return s;
  }

  /** The weights in the layout a primitive wants: reordered into its buffer, or the array itself. */
  private Pointer weights(INDArray weights, dnnl_memory_desc_t wanted, BytePointer buffer, String which) {
    requireShape(weights, problem.weightShape());
    requireContiguous(weights, "weights");
    Pointer user = OneDnn.pointer(weights);
    if (buffer == null) {
      return user;
    }
    OneDnn.reorder(userWeights, user, wanted, buffer, "deconv3d weights " + which + " " + problem);
    return buffer;
  }

  private static dnnl_memory_desc_t anyWeights(Problem p) {
    return OneDnn.md(dnnl_format_tag_any, p.weightDims());
  }

  private static long[] strides() {
    return new long[] {STRIDE, STRIDE, STRIDE};
  }

  private static long[] pads() {
    return new long[] {0, 0, 0};
  }

  private static void requireLayout(dnnl_primitive_desc pd, int what, dnnl_memory_desc_t expected, String name) {
    if (!OneDnn.same(OneDnn.query(pd, what), expected)) {
      throw new IllegalStateException("oneDNN deconvolution chose another layout for its " + name
          + " than channels-last");
    }
  }

  /** A bias (or its gradient): oC values, any rank, densely stored. */
  private INDArray vector(INDArray a, String name) {
    if (a.length() != problem.out) {
      throw new IllegalArgumentException("oneDNN deconvolution " + name + " must hold " + problem.out
          + " values, got shape " + Arrays.toString(a.shape()));
    }
    requireContiguous(a, name);
    return a;
  }

  private static void requireShape(INDArray a, long... shape) {
    if (!Arrays.equals(a.shape(), shape)) {
      throw new IllegalArgumentException("oneDNN deconvolution expected an array of shape "
          + Arrays.toString(shape) + ", got " + Arrays.toString(a.shape()));
    }
  }

  private static void requireContiguous(INDArray a, String name) {
    if (!OneDnn.contiguous(a)) {
      throw new IllegalArgumentException("oneDNN deconvolution " + name + " must be a c-order contiguous array");
    }
  }
}
