package io.foldwise.unet.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Arrays;
import org.bytedeco.dnnl.dnnl_matmul_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 3-D transposed convolution (kernel 2x2x2, stride 2, no padding, bias: the U-Net's up-sampling
 * step, output twice the input's depth, height and width) on channels-last arrays, forward and
 * backward, as oneDNN matrix multiplications.
 *
 * <p>With kernel = stride = 2 every output voxel receives exactly one input voxel, so the layer is
 * one matrix product: out[n, 2d+i, 2h+j, 2w+k, o] = b[o] + sum_c in[n, d, h, w, c] W[i, j, k, o, c].
 * oneDNN's own deconvolution primitive (oneDNN 2.5.2, {@code dnnl_deconvolution_direct}) ran 2-4x
 * slower than these products at the U-Net's sizes, measured side by side in one JVM; the products read and write the channels-last arrays
 * and DL4J's weights in place, with strided memory descriptors:
 * <ul>
 *   <li>forward: one batched product, batch (n·d, i, h, j), rows w, columns (k, o), writing the
 *       output directly;
 *   <li>backward: the output gradient is reordered once into a [N·D·H·W, 8·oC] scratch matrix T
 *       (rows = input voxels, columns = (i, j, k, o)); then input gradient = T · W, weight
 *       gradient = T<sup>T</sup> · input (the reduction over voxels split into a few batches
 *       summed afterwards, so both cores work), bias gradient = ones · output gradient.
 * </ul>
 *
 * <p>Layouts: input [N, D, H, W, iC] and output [N, 2D, 2H, 2W, oC], c-order; weights and their
 * gradient in DL4J's {@code Deconvolution3D} parameter layout [kD, kH, kW, oC, iC] c-order (the
 * array DL4J hands to ND4J's {@code deconv3d} op unchanged), i.e. a [8·oC, iC] matrix; bias oC
 * values. Every primitive and buffer is built once per problem shape ({@link OneDnn#cached}); the
 * backward scratch is as large as the output (262 MB at the U-Net's top level): the layer passes its
 * working memory for it (a kept buffer per shape cost 0.7 GB at batch 2), else one is built on the
 * first backward pass and kept.
 */
public final class Deconv3dPrimitives {
  /** Kernel edge. */
  public static final int KERNEL = 2;
  /** Stride along each spatial axis. */
  public static final int STRIDE = 2;
  private static final int MAX_SPLIT = 8;

  private final Problem problem;
  private final dnnl_memory_desc_t forwardSrc;
  private final dnnl_memory_desc_t forwardWeights;
  private final dnnl_memory_desc_t forwardBias;
  private final dnnl_memory_desc_t forwardDst;
  private final dnnl_primitive_desc forwardPd;
  private final dnnl_primitive forward;
  private final FloatPointer biasTwice;
  private Backward backward;

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

    /** The input shape [N, D, H, W, iC]. */
    public long[] inputShape() {
      return new long[] {n, d, h, w, in};
    }

    /** The output shape [N, 2D, 2H, 2W, oC]. */
    public long[] outputShape() {
      return new long[] {n, STRIDE * d, STRIDE * h, STRIDE * w, out};
    }

    /** The weight shape in DL4J's layout, [kD, kH, kW, oC, iC]. */
    public long[] weightShape() {
      return new long[] {KERNEL, KERNEL, KERNEL, out, in};
    }

    /** Input voxels, the rows of the matrix products. */
    long voxels() {
      return n * d * h * w;
    }

  }

  private Deconv3dPrimitives(Problem p) {
    this.problem = p;
    long nd = p.n * p.d;
    forwardSrc = OneDnn.strided(new long[] {nd, 1, p.h, 1, p.w, p.in},
        new long[] {p.h * p.w * p.in, p.h * p.w * p.in, p.w * p.in, p.w * p.in, p.in, 1});
    forwardWeights = OneDnn.strided(new long[] {1, 2, 1, 2, p.in, 2 * p.out},
        new long[] {8 * p.out * p.in, 4 * p.out * p.in, 2 * p.out * p.in, 2 * p.out * p.in, 1, p.in});
    forwardBias = OneDnn.md(dnnl_abcdef, 1, 1, 1, 1, 1, 2 * p.out);
    forwardDst = outputBlocks(p);
    forwardPd = matmulPd(forwardSrc, forwardWeights, forwardBias, forwardDst);
    forward = OneDnn.primitive(forwardPd);
    biasTwice = new FloatPointer(2 * p.out);
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
  public synchronized void forward(INDArray input, INDArray weights, INDArray biasValues, INDArray output) {
    require(input, problem.inputShape(), "input");
    require(output, problem.outputShape(), "output");
    require(weights, problem.weightShape(), "weights");
    float[] b = vector(biasValues, "bias").toFloatVector();
    biasTwice.put(b, 0, b.length);
    biasTwice.position(b.length).put(b, 0, b.length).position(0);
    OneDnn.execute(forward,
        OneDnn.arg(DNNL_ARG_SRC, forwardSrc, input),
        OneDnn.arg(DNNL_ARG_WEIGHTS, forwardWeights, weights),
        new OneDnn.Arg(DNNL_ARG_BIAS, forwardBias, biasTwice),
        OneDnn.arg(DNNL_ARG_DST, forwardDst, output));
  }

  /**
   * The gradients of a transposed convolution given the gradient at its output ({@code delta}, [N,
   * 2D, 2H, 2W, oC]): into {@code inputGradient} ([N, D, H, W, iC], skipped when null),
   * {@code weightGradient} ([2, 2, 2, oC, iC], overwritten) and {@code biasGradient} (oC values,
   * overwritten). All arrays c-order contiguous (views at an offset are fine).
   */
  public synchronized void backward(INDArray input, INDArray weights, INDArray delta, INDArray inputGradient,
      INDArray weightGradient, INDArray biasGradient) {
    backward(input, weights, delta, inputGradient, weightGradient, biasGradient, null);
  }

  /** Elements of the backward pass's scratch matrix: as many as the output has. */
  public long scratchLength() {
    long[] s = problem.outputShape();
    return s[0] * s[1] * s[2] * s[3] * s[4];
  }

  /**
   * {@link #backward(INDArray, INDArray, INDArray, INDArray, INDArray, INDArray)} with the scratch
   * matrix in {@code scratch} (float32, contiguous, at least {@link #scratchLength()} elements; e.g. a
   * layer's working memory, free again after the call) instead of a buffer these primitives keep.
   */
  public synchronized void backward(INDArray input, INDArray weights, INDArray delta, INDArray inputGradient,
      INDArray weightGradient, INDArray biasGradient, INDArray scratch) {
    if (scratch != null && (!OneDnn.contiguous(scratch) || scratch.length() < scratchLength())) {
      throw new IllegalArgumentException("deconv3d scratch needs " + scratchLength()
          + " contiguous float32 elements, got " + java.util.Arrays.toString(scratch.shape()));
    }
    require(input, problem.inputShape(), "input");
    require(delta, problem.outputShape(), "delta");
    require(weightGradient, problem.weightShape(), "weight gradient");
    vector(biasGradient, "bias gradient");
    if (inputGradient != null) {
      require(inputGradient, problem.inputShape(), "input gradient");
      require(weights, problem.weightShape(), "weights");
    }
    if (backward == null) {
      backward = new Backward(problem);
    }
    backward.run(input, weights, delta, inputGradient, weightGradient, biasGradient,
        scratch == null ? backward.ownScratch() : OneDnn.pointer(scratch));
  }

  /** The implementations oneDNN chose, for logs: forward, and backward once it has run. */
  public synchronized String implementations() {
    String s = "fwd " + OneDnn.implementation(forwardPd);
    return backward == null ? s : s + ", " + backward.implementations();
  }

  /** The backward pass's primitives and buffers. */
  private static final class Backward {
    private final dnnl_memory_desc_t deltaBlocks;
    private final dnnl_memory_desc_t scratchBlocks;
    private final dnnl_primitive toScratch;
    /** Built on the first call without a caller's scratch. */
    private FloatPointer scratch;
    private final long scratchLength;
    private final dnnl_memory_desc_t scratchMatrix;
    private final dnnl_memory_desc_t weightMatrix;
    private final dnnl_memory_desc_t inputMatrix;
    private final dnnl_primitive_desc dataPd;
    private final dnnl_primitive data;
    private final dnnl_memory_desc_t scratchSplitT;
    private final dnnl_memory_desc_t inputSplit;
    private final dnnl_memory_desc_t partial;
    private final dnnl_primitive_desc weightsPd;
    private final dnnl_primitive weightsPartial;
    private final FloatPointer partials;
    private final dnnl_memory_desc_t splitOnes;
    private final dnnl_memory_desc_t partialRows;
    private final dnnl_memory_desc_t weightRow;
    private final dnnl_primitive weightsSum;
    private final dnnl_memory_desc_t deltaOnes;
    private final dnnl_memory_desc_t deltaRows;
    private final dnnl_memory_desc_t biasRow;
    private final dnnl_primitive_desc biasPd;
    private final dnnl_primitive bias;
    private final FloatPointer ones;

    Backward(Problem p) {
      long m = p.voxels();
      long cols = 8 * p.out;
      deltaBlocks = outputBlocks(p);
      long o2 = 2 * p.out;
      scratchBlocks = OneDnn.strided(new long[] {p.n * p.d, 2, p.h, 2, p.w, o2},
          new long[] {p.h * p.w * cols, 4 * p.out, p.w * cols, o2, cols, 1});
      toScratch = OneDnn.reorderPrimitive(deltaBlocks, scratchBlocks);
      scratchLength = m * cols;

      scratchMatrix = OneDnn.md(dnnl_ab, m, cols);
      weightMatrix = OneDnn.md(dnnl_ab, cols, p.in);
      inputMatrix = OneDnn.md(dnnl_ab, m, p.in);
      dataPd = matmulPd(scratchMatrix, weightMatrix, null, inputMatrix);
      data = OneDnn.primitive(dataPd);

      long split = split(m);
      long rows = m / split;
      scratchSplitT = OneDnn.strided(new long[] {split, cols, rows}, new long[] {rows * cols, 1, cols});
      inputSplit = OneDnn.strided(new long[] {split, rows, p.in}, new long[] {rows * p.in, p.in, 1});
      partial = OneDnn.md(dnnl_abc, split, cols, p.in);
      weightsPd = matmulPd(scratchSplitT, inputSplit, null, partial);
      weightsPartial = OneDnn.primitive(weightsPd);
      partials = new FloatPointer(split * cols * p.in);
      splitOnes = OneDnn.md(dnnl_ab, 1, split);
      partialRows = OneDnn.md(dnnl_ab, split, cols * p.in);
      weightRow = OneDnn.md(dnnl_ab, 1, cols * p.in);
      weightsSum = OneDnn.primitive(matmulPd(splitOnes, partialRows, null, weightRow));

      long outputVoxels = 8 * m;
      deltaOnes = OneDnn.md(dnnl_ab, 1, outputVoxels);
      deltaRows = OneDnn.md(dnnl_ab, outputVoxels, p.out);
      biasRow = OneDnn.md(dnnl_ab, 1, p.out);
      biasPd = matmulPd(deltaOnes, deltaRows, null, biasRow);
      bias = OneDnn.primitive(biasPd);
      float[] one = new float[(int) Math.max(outputVoxels, split)];
      Arrays.fill(one, 1f);
      ones = new FloatPointer(one);
    }

    Pointer ownScratch() {
      if (scratch == null) {
        scratch = new FloatPointer(scratchLength);
      }
      return scratch;
    }

    void run(INDArray input, INDArray weights, INDArray delta, INDArray inputGradient, INDArray weightGradient,
        INDArray biasGradient, Pointer scratch) {
      OneDnn.execute(toScratch,
          OneDnn.arg(DNNL_ARG_FROM, deltaBlocks, delta),
          new OneDnn.Arg(DNNL_ARG_TO, scratchBlocks, scratch));
      if (inputGradient != null) {
        OneDnn.execute(data,
            new OneDnn.Arg(DNNL_ARG_SRC, scratchMatrix, scratch),
            OneDnn.arg(DNNL_ARG_WEIGHTS, weightMatrix, weights),
            OneDnn.arg(DNNL_ARG_DST, inputMatrix, inputGradient));
      }
      OneDnn.execute(weightsPartial,
          new OneDnn.Arg(DNNL_ARG_SRC, scratchSplitT, scratch),
          OneDnn.arg(DNNL_ARG_WEIGHTS, inputSplit, input),
          new OneDnn.Arg(DNNL_ARG_DST, partial, partials));
      OneDnn.execute(weightsSum,
          new OneDnn.Arg(DNNL_ARG_SRC, splitOnes, ones),
          new OneDnn.Arg(DNNL_ARG_WEIGHTS, partialRows, partials),
          OneDnn.arg(DNNL_ARG_DST, weightRow, weightGradient));
      OneDnn.execute(bias,
          new OneDnn.Arg(DNNL_ARG_SRC, deltaOnes, ones),
          OneDnn.arg(DNNL_ARG_WEIGHTS, deltaRows, delta),
          OneDnn.arg(DNNL_ARG_DST, biasRow, biasGradient));
    }

    String implementations() {
      return "bwd-data " + OneDnn.implementation(dataPd) + ", bwd-weights " + OneDnn.implementation(weightsPd)
          + ", bwd-bias " + OneDnn.implementation(biasPd);
    }

    /** Batches the voxel reduction of the weight gradient is split into: the largest divisor <= 8. */
    private static long split(long m) {
      for (long s = MAX_SPLIT; s > 1; s--) {
        if (m % s == 0) {
          return s;
        }
      }
      return 1;
    }
  }

  /** The output [N, 2D, 2H, 2W, oC] as dims {n·d, i, h, j, w, (k, o)} (i, j, k: kernel offsets). */
  private static dnnl_memory_desc_t outputBlocks(Problem p) {
    long o2 = 2 * p.out;
    return OneDnn.strided(new long[] {p.n * p.d, 2, p.h, 2, p.w, o2},
        new long[] {8 * p.h * p.w * p.out, 4 * p.h * p.w * p.out, 4 * p.w * p.out, 2 * p.w * p.out, o2, 1});
  }

  private static dnnl_primitive_desc matmulPd(dnnl_memory_desc_t src, dnnl_memory_desc_t weights,
      dnnl_memory_desc_t bias, dnnl_memory_desc_t dst) {
    dnnl_matmul_desc_t desc = new dnnl_matmul_desc_t();
    OneDnn.check(dnnl_matmul_desc_init(desc, src, weights, bias, dst), "dnnl_matmul_desc_init");
    return OneDnn.primitiveDesc(desc, null, null);
  }

  /** A bias (or its gradient): oC values, any rank, densely stored. */
  private INDArray vector(INDArray a, String name) {
    if (a.length() != problem.out || !OneDnn.contiguous(a)) {
      throw new IllegalArgumentException("oneDNN deconvolution " + name + " must be " + problem.out
          + " contiguous values, got shape " + Arrays.toString(a.shape()));
    }
    return a;
  }

  private static void require(INDArray a, long[] shape, String name) {
    if (!Arrays.equals(a.shape(), shape)) {
      throw new IllegalArgumentException("oneDNN deconvolution " + name + " must have shape "
          + Arrays.toString(shape) + ", got " + Arrays.toString(a.shape()));
    }
    if (!OneDnn.contiguous(a)) {
      throw new IllegalArgumentException("oneDNN deconvolution " + name + " must be a c-order contiguous array");
    }
  }
}
