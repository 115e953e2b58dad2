package io.foldwise.unet.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 3-D convolution (cubic odd kernel, stride 1, "same" zero padding, bias) on channels-last
 * arrays, forward and backward, as oneDNN primitives.
 *
 * <p>Layouts: input and output [N, D, H, W, C] c-order (oneDNN {@code acdeb}); weights and their
 * gradient in DL4J's parameter layout [oC, iC, kD, kH, kW] c-order (oneDNN {@code abcde}), reordered
 * to and from the primitives' own weight layouts (small); bias [oC]. Every primitive and weight
 * buffer is built once per problem shape ({@link OneDnn#cached}).
 */
public final class Conv3dPrimitives {
  private final Problem problem;
  private final dnnl_memory_desc_t src;
  private final dnnl_memory_desc_t dst;
  private final dnnl_memory_desc_t userWeights;
  private final dnnl_memory_desc_t bias;
  private final dnnl_primitive_desc forwardPd;
  private final dnnl_primitive forward;
  private final dnnl_memory_desc_t forwardWeights;
  private final BytePointer forwardWeightsBuffer;
  private dnnl_primitive backwardData;
  private dnnl_memory_desc_t backwardDataWeights;
  private BytePointer backwardDataWeightsBuffer;
  private dnnl_primitive backwardWeights;
  private dnnl_memory_desc_t backwardWeightsDiff;
  private BytePointer backwardWeightsBuffer;

  /** A convolution problem: batch, spatial size, channels in and out, kernel edge (odd). */
  public record Problem(long n, long d, long h, long w, long in, long out, int kernel) {
    public Problem {
      if (kernel < 1 || kernel % 2 == 0) {
        throw new IllegalArgumentException("kernel edge must be odd, got " + kernel);
      }
    }

    /** The problem of an input array [N, D, H, W, iC]. */
    public static Problem of(INDArray input, long out, int kernel) {
      long[] s = input.shape();
      return new Problem(s[0], s[1], s[2], s[3], s[4], out, kernel);
    }

    long[] srcDims() {
      return new long[] {n, in, d, h, w};
    }

    long[] dstDims() {
      return new long[] {n, out, d, h, w};
    }

    long[] weightDims() {
      return new long[] {out, in, kernel, kernel, kernel};
    }
  }

  private Conv3dPrimitives(Problem p) {
    this.problem = p;
    src = OneDnn.md(dnnl_acdeb, p.srcDims());
    dst = OneDnn.md(dnnl_acdeb, p.dstDims());
    userWeights = OneDnn.md(dnnl_abcde, p.weightDims());
    bias = OneDnn.md(dnnl_a, p.out);
    dnnl_memory_desc_t anyWeights = OneDnn.md(dnnl_format_tag_any, p.weightDims());
    long pad = p.kernel / 2;
    dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct,
        src, anyWeights, bias, dst, strides(), pads(pad), pads(pad)), "dnnl_convolution_forward_desc_init");
    forwardPd = OneDnn.primitiveDesc(fd, null, null);
    requireLayout(forwardPd, dnnl_query_src_md, src, "source");
    requireLayout(forwardPd, dnnl_query_dst_md, dst, "destination");
    forward = OneDnn.primitive(forwardPd);
    forwardWeights = OneDnn.query(forwardPd, dnnl_query_weights_md);
    forwardWeightsBuffer = OneDnn.same(forwardWeights, userWeights) ? null
        : new BytePointer(OneDnn.bytes(forwardWeights));
  }

  /** The primitives of a problem, built on first use. */
  public static Conv3dPrimitives of(Problem p) {
    return OneDnn.cached("conv3d " + p, () -> new Conv3dPrimitives(p));
  }

  /** The problem these primitives solve. */
  public Problem problem() {
    return problem;
  }

  /**
   * {@code output = conv(input, weights) + bias}; input [N, D, H, W, iC], output [N, D, H, W, oC]
   * (both c-order contiguous), weights [oC, iC, k, k, k] c-order contiguous, bias oC values.
   */
  public void forward(INDArray input, INDArray weights, INDArray biasValues, INDArray output) {
    requireContiguous(input, "input");
    requireContiguous(output, "output");
    Pointer w = weights(weights, forwardWeights, forwardWeightsBuffer, "fwd");
    OneDnn.execute(forward,
        OneDnn.arg(DNNL_ARG_SRC, src, input),
        new OneDnn.Arg(DNNL_ARG_WEIGHTS, forwardWeights, w),
        OneDnn.arg(DNNL_ARG_BIAS, bias, contiguous(biasValues, "bias")),
        OneDnn.arg(DNNL_ARG_DST, dst, output));
  }

  /**
   * The gradients of a convolution given the gradient at its output ({@code delta}, [N, D, H, W,
   * oC]): into {@code inputGradient} ([N, D, H, W, iC], skipped when null), {@code weightGradient}
   * ([oC, iC, k, k, k] c-order contiguous, overwritten) and {@code biasGradient} (oC, overwritten).
   */
  public void backward(INDArray input, INDArray weights, INDArray delta, INDArray inputGradient,
      INDArray weightGradient, INDArray biasGradient) {
    requireContiguous(input, "input");
    requireContiguous(delta, "delta");
    requireContiguous(weightGradient, "weight gradient");
    buildBackward();
    if (inputGradient != null) {
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
        OneDnn.arg(DNNL_ARG_DIFF_BIAS, bias, contiguous(biasGradient, "bias gradient")));
    if (backwardWeightsBuffer != null) {
      OneDnn.reorder(backwardWeightsDiff, backwardWeightsBuffer, userWeights,
          OneDnn.pointer(weightGradient), "conv3d diff-weights " + problem);
    }
  }

  private synchronized void buildBackward() {
    if (backwardWeights != null) {
      return;
    }
    Problem p = problem;
    long pad = p.kernel / 2;
    dnnl_memory_desc_t anyWeights = OneDnn.md(dnnl_format_tag_any, p.weightDims());
    dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_convolution_backward_data_desc_init(bd, dnnl_convolution_direct, src, anyWeights, dst,
        strides(), pads(pad), pads(pad)), "dnnl_convolution_backward_data_desc_init");
    dnnl_primitive_desc dataPd = OneDnn.primitiveDesc(bd, null, forwardPd);
    requireLayout(dataPd, dnnl_query_diff_src_md, src, "input gradient");
    requireLayout(dataPd, dnnl_query_diff_dst_md, dst, "output gradient");
    backwardDataWeights = OneDnn.query(dataPd, dnnl_query_weights_md);
    backwardDataWeightsBuffer = OneDnn.same(backwardDataWeights, userWeights) ? null
        : new BytePointer(OneDnn.bytes(backwardDataWeights));
    dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, src, anyWeights,
        bias, dst, strides(), pads(pad), pads(pad)), "dnnl_convolution_backward_weights_desc_init");
    dnnl_primitive_desc weightsPd = OneDnn.primitiveDesc(wd, null, forwardPd);
    requireLayout(weightsPd, dnnl_query_src_md, src, "input");
    requireLayout(weightsPd, dnnl_query_diff_dst_md, dst, "output gradient");
    backwardWeightsDiff = OneDnn.query(weightsPd, dnnl_query_diff_weights_md);
    backwardWeightsBuffer = OneDnn.same(backwardWeightsDiff, userWeights) ? null
        : new BytePointer(OneDnn.bytes(backwardWeightsDiff));
    backwardData = OneDnn.primitive(dataPd);
    backwardWeights = OneDnn.primitive(weightsPd);
  }

  /** The implementation oneDNN chose for the forward pass (e.g. {@code brgconv:avx512_core}), for logs. */
  public String implementation() {
    return OneDnn.implementation(forwardPd);
  }

  /** The weights in the layout a primitive wants: reordered into its buffer, or the array itself. */
  private Pointer weights(INDArray weights, dnnl_memory_desc_t wanted, BytePointer buffer, String which) {
    Pointer user = OneDnn.pointer(contiguous(weights, "weights"));
    if (buffer == null) {
      return user;
    }
    OneDnn.reorder(userWeights, user, wanted, buffer, "conv3d weights " + which + " " + problem);
    return buffer;
  }

  private static long[] strides() {
    return new long[] {1, 1, 1};
  }

  private static long[] pads(long p) {
    return new long[] {p, p, p};
  }

  private static void requireLayout(dnnl_primitive_desc pd, int what, dnnl_memory_desc_t expected, String name) {
    if (!OneDnn.same(OneDnn.query(pd, what), expected)) {
      throw new IllegalStateException("oneDNN convolution chose another layout for its " + name
          + " than channels-last");
    }
  }

  private static INDArray contiguous(INDArray a, String name) {
    requireContiguous(a, name);
    return a;
  }

  private static void requireContiguous(INDArray a, String name) {
    if (!OneDnn.contiguous(a)) {
      throw new IllegalArgumentException("oneDNN convolution " + name + " must be a c-order contiguous array");
    }
  }
}
