package io.foldwise.unet.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 3-D convolution (cubic odd kernel, stride 1, "same" zero padding, bias) on channels-last
 * arrays, forward and backward, as oneDNN primitives.
 *
 * <p>Layouts: input and output [N, D, H, W, C] c-order (oneDNN {@code acdeb}); weights and their
 * gradient in DL4J's parameter layout [oC, iC, kD, kH, kW] c-order (oneDNN {@code abcde}), reordered
 * to and from the primitives' own weight layouts (small); bias [oC]. Every primitive and weight
 * buffer is built once per problem shape ({@link OneDnn#cached}).
 *
 * <p>For large problems the input gradient is computed as a forward convolution of the output
 * gradient with the spatially flipped, channel-transposed kernel ({@link #flipForInputGradient}).
 */
public final class Conv3dPrimitives {
  private final Problem problem;
  /** Input gradient by the flipped kernel ({@link #flipForInputGradient}). */
  private final boolean flip;
  private final dnnl_memory_desc_t src;
  private final dnnl_memory_desc_t dst;
  private final dnnl_memory_desc_t userWeights;
  private final dnnl_memory_desc_t bias;
  private final dnnl_primitive_desc forwardPd;
  private final dnnl_primitive forward;
  private final dnnl_memory_desc_t forwardWeights;
  private final BytePointer forwardWeightsBuffer;
  /** Forward with a sum post-op (output += conv), built on first use ({@link #forwardAccumulate}). */
  private dnnl_primitive accumulate;
  private dnnl_memory_desc_t accumulateWeights;
  private BytePointer accumulateWeightsBuffer;
  private dnnl_primitive backwardData;
  private dnnl_memory_desc_t backwardDataWeights;
  private BytePointer backwardDataWeightsBuffer;
  private dnnl_memory_desc_t flippedWeights;
  private INDArray flipped;
  private dnnl_memory_desc_t kernelOffsetFrom;
  private dnnl_memory_desc_t kernelOffsetTo;
  private dnnl_primitive backwardWeights;
  private String backwardWeightsImplementation;
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

  private Conv3dPrimitives(Problem p, boolean flip) {
    this.problem = p;
    this.flip = flip;
    src = OneDnn.md(dnnl_acdeb, p.srcDims());
    dst = OneDnn.md(dnnl_acdeb, p.dstDims());
    userWeights = OneDnn.md(dnnl_abcde, p.weightDims());
    bias = OneDnn.md(dnnl_a, p.out);
    forwardPd = forwardDesc(null);
    forward = OneDnn.primitive(forwardPd);
    forwardWeights = OneDnn.query(forwardPd, dnnl_query_weights_md);
    forwardWeightsBuffer = reorderBuffer(forwardWeights);
  }

  /** The forward convolution's primitive descriptor (with {@code attr}'s post-ops when given), layouts checked. */
  private dnnl_primitive_desc forwardDesc(dnnl_primitive_attr attr) {
    long pad = problem.kernel / 2;
    dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct,
        src, OneDnn.md(dnnl_format_tag_any, problem.weightDims()), bias, dst, strides(), pads(pad), pads(pad)),
        "dnnl_convolution_forward_desc_init");
    dnnl_primitive_desc pd = OneDnn.primitiveDesc(fd, attr, null);
    requireLayout(pd, dnnl_query_src_md, src, "source");
    requireLayout(pd, dnnl_query_dst_md, dst, "destination");
    return pd;
  }

  /** A buffer for the weights in the layout a primitive chose, or null when that is the user's layout. */
  private BytePointer reorderBuffer(dnnl_memory_desc_t weights) {
    return OneDnn.same(weights, userWeights) ? null : new BytePointer(OneDnn.bytes(weights));
  }

  /** The primitives of a problem, built on first use. */
  public static Conv3dPrimitives of(Problem p) {
    return of(p, flipForInputGradient(p));
  }

  /** The primitives of a problem with the input-gradient method chosen (tests compare both). */
  static Conv3dPrimitives of(Problem p, boolean flip) {
    return OneDnn.cached("conv3d " + p + " flip " + flip, () -> new Conv3dPrimitives(p, flip));
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
   * {@code output += conv(input, weights) + bias}, as {@link #forward} but adding to what {@code output}
   * holds (oneDNN's sum post-op, no extra pass): a convolution over a channel concatenation computed as
   * the sum of the convolutions of its parts, without the concatenation.
   */
  public synchronized void forwardAccumulate(INDArray input, INDArray weights, INDArray biasValues,
      INDArray output) {
    requireContiguous(input, "input");
    requireContiguous(output, "output");
    if (accumulate == null) {
      dnnl_post_ops ops = new dnnl_post_ops();
      OneDnn.check(dnnl_post_ops_create(ops), "dnnl_post_ops_create");
      OneDnn.check(dnnl_post_ops_append_sum(ops, 1.0f), "dnnl_post_ops_append_sum");
      dnnl_primitive_attr attr = new dnnl_primitive_attr();
      OneDnn.check(dnnl_primitive_attr_create(attr), "dnnl_primitive_attr_create");
      OneDnn.check(dnnl_primitive_attr_set_post_ops(attr, ops), "dnnl_primitive_attr_set_post_ops");
      dnnl_primitive_desc pd = forwardDesc(attr);
      accumulateWeights = OneDnn.query(pd, dnnl_query_weights_md);
      accumulateWeightsBuffer = reorderBuffer(accumulateWeights);
      accumulate = OneDnn.primitive(pd);
    }
    Pointer w = weights(weights, accumulateWeights, accumulateWeightsBuffer, "fwd-sum");
    OneDnn.execute(accumulate,
        OneDnn.arg(DNNL_ARG_SRC, src, input),
        new OneDnn.Arg(DNNL_ARG_WEIGHTS, accumulateWeights, w),
        OneDnn.arg(DNNL_ARG_BIAS, bias, contiguous(biasValues, "bias")),
        OneDnn.arg(DNNL_ARG_DST, dst, output));
  }

  /**
   * The gradients of a convolution given the gradient at its output ({@code delta}, [N, D, H, W,
   * oC]): into {@code inputGradient} ([N, D, H, W, iC], skipped when null), {@code weightGradient}
   * ([oC, iC, k, k, k] c-order contiguous, overwritten) and {@code biasGradient} (oC, overwritten).
   */
  public synchronized void backward(INDArray input, INDArray weights, INDArray delta, INDArray inputGradient,
      INDArray weightGradient, INDArray biasGradient) {
    requireContiguous(input, "input");
    requireContiguous(delta, "delta");
    requireContiguous(weightGradient, "weight gradient");
    buildBackward();
    if (inputGradient != null) {
      requireContiguous(inputGradient, "input gradient");
      if (flip) {
        flipTransposed(contiguous(weights, "weights"));
        OneDnn.reorder(flippedWeights, OneDnn.pointer(flipped), backwardDataWeights, backwardDataWeightsBuffer,
            "conv3d flipped weights " + problem);
        OneDnn.execute(backwardData,
            OneDnn.arg(DNNL_ARG_SRC, dst, delta),
            new OneDnn.Arg(DNNL_ARG_WEIGHTS, backwardDataWeights, backwardDataWeightsBuffer),
            OneDnn.arg(DNNL_ARG_DST, src, inputGradient));
      } else {
        Pointer w = weights(weights, backwardDataWeights, backwardDataWeightsBuffer, "bwd-data");
        OneDnn.execute(backwardData,
            OneDnn.arg(DNNL_ARG_DIFF_DST, dst, delta),
            new OneDnn.Arg(DNNL_ARG_WEIGHTS, backwardDataWeights, w),
            OneDnn.arg(DNNL_ARG_DIFF_SRC, src, inputGradient));
      }
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
    if (flip) {
      buildFlippedForward(p);
    } else {
      dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
      OneDnn.check(dnnl_convolution_backward_data_desc_init(bd, dnnl_convolution_direct, src, anyWeights, dst,
          strides(), pads(pad), pads(pad)), "dnnl_convolution_backward_data_desc_init");
      dnnl_primitive_desc dataPd = OneDnn.primitiveDesc(bd, null, forwardPd);
      requireLayout(dataPd, dnnl_query_diff_src_md, src, "input gradient");
      requireLayout(dataPd, dnnl_query_diff_dst_md, dst, "output gradient");
      backwardDataWeights = OneDnn.query(dataPd, dnnl_query_weights_md);
      backwardDataWeightsBuffer = reorderBuffer(backwardDataWeights);
      backwardData = OneDnn.primitive(dataPd);
    }

    dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, src, anyWeights,
        bias, dst, strides(), pads(pad), pads(pad)), "dnnl_convolution_backward_weights_desc_init");
    dnnl_primitive_desc weightsPd = OneDnn.primitiveDesc(wd, null, forwardPd);
    requireLayout(weightsPd, dnnl_query_src_md, src, "input");
    requireLayout(weightsPd, dnnl_query_diff_dst_md, dst, "output gradient");
    backwardWeightsImplementation = OneDnn.implementation(weightsPd);
    backwardWeightsDiff = OneDnn.query(weightsPd, dnnl_query_diff_weights_md);
    backwardWeightsBuffer = reorderBuffer(backwardWeightsDiff);
    backwardWeights = OneDnn.primitive(weightsPd);
  }

  /**
   * Whether the input gradient is computed as a forward convolution with the flipped, transposed
   * kernel. That is exact for stride 1 and "same" padding, and oneDNN 2.5's forward kernel
   * (brgconv) on channels-last data is 10-40% faster than its backward-data kernel at every U-Net
   * shape measured; but flipping the kernel costs k^3 small copies per step, which only large
   * problems repay (measured per layer: BENCHMARKS.md). The rule is a fixed function of the shape,
   * so a run is reproducible.
   */
  static boolean flipForInputGradient(Problem p) {
    double flops = 2.0 * p.n * p.d * p.h * p.w * p.in * p.out * p.kernel * p.kernel * p.kernel;
    return p.kernel > 1 && flops >= 2e10;
  }

  private void buildFlippedForward(Problem p) {
    long pad = p.kernel / 2;
    long[] transposedDims = {p.in, p.out, p.kernel, p.kernel, p.kernel};
    dnnl_convolution_desc_t bd = new dnnl_convolution_desc_t();
    OneDnn.check(dnnl_convolution_forward_desc_init(bd, dnnl_forward_training, dnnl_convolution_direct, dst,
        OneDnn.md(dnnl_format_tag_any, transposedDims), null, src, strides(), pads(pad), pads(pad)),
        "dnnl_convolution_forward_desc_init");
    dnnl_primitive_desc dataPd = OneDnn.primitiveDesc(bd, null, null);
    requireLayout(dataPd, dnnl_query_src_md, dst, "output gradient");
    requireLayout(dataPd, dnnl_query_dst_md, src, "input gradient");
    backwardDataWeights = OneDnn.query(dataPd, dnnl_query_weights_md);
    backwardDataWeightsBuffer = new BytePointer(OneDnn.bytes(backwardDataWeights));
    // the flipped, transposed kernel [iC, oC, k, k, k], filled one kernel offset ([iC, oC] matrix) at a time
    long k3 = (long) p.kernel * p.kernel * p.kernel;
    flippedWeights = OneDnn.md(dnnl_abcde, transposedDims);
    flipped = Nd4j.createUninitializedDetached(DataType.FLOAT, transposedDims);
    kernelOffsetFrom = OneDnn.strided(new long[] {p.in, p.out}, new long[] {k3, p.in * k3});
    kernelOffsetTo = OneDnn.strided(new long[] {p.in, p.out}, new long[] {p.out * k3, k3});
    backwardData = OneDnn.primitive(dataPd);
  }

  /**
   * {@code flipped[i, o, a, b, c] = weights[o, i, k-1-a, k-1-b, k-1-c]}: one strided oneDNN copy of
   * the [iC, oC] matrix per kernel offset (ND4J's {@code reverse} op took 160 ms for the 512x512
   * kernel).
   */
  private void flipTransposed(INDArray weights) {
    int k = problem.kernel;
    long k3 = (long) k * k * k;
    String key = "conv3d kernel offset " + problem;
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        for (int c = 0; c < k; c++) {
          long from = ((long) a * k + b) * k + c;
          long to = ((long) (k - 1 - a) * k + (k - 1 - b)) * k + (k - 1 - c);
          OneDnn.reorder(kernelOffsetFrom, OneDnn.pointer(weights, from), kernelOffsetTo,
              OneDnn.pointer(flipped, to), key);
        }
      }
    }
  }

  /**
   * How the weight gradient of the U-Net's largest 3x3x3 convolution (32 to 32 channels at
   * 80x160x160) is computed on this machine, e.g. {@code jit:avx512_common} or {@code x64:gemm:jit},
   * for benchmark tables; "n/a" without the direct oneDNN layers.
   */
  public static String weightGradientPath() {
    return OneDnn.available()
        ? of(new Problem(1, 80, 160, 160, 32, 32, 3)).weightGradientImplementation().trim() : "n/a";
  }

  /** The implementation oneDNN chose for the weight gradient (builds the backward primitives). */
  public synchronized String weightGradientImplementation() {
    buildBackward();
    return backwardWeightsImplementation;
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
