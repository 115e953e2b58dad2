package io.foldwise.bench;

import io.foldwise.unet.config.UnetConfig;

/**
 * Useful floating-point operations of one U-Net training step, counted analytically: a
 * convolution with kernel k³, Cin → Cout channels over V output voxels costs 2·k³·Cin·Cout·V
 * forward (one multiply and one add per weight and voxel); its backward pass costs twice that
 * (gradient w.r.t. the input and w.r.t. the weights), so a step is 3x the forward count. The
 * transposed convolutions count the same way over their input voxels. Batch norm, ReLU, pooling,
 * concatenation, softmax and the loss are left out (memory-bound, < 1% of the FLOPs). DL4J's
 * recomputation of each conv's forward pass inside backprop is not counted: it is overhead.
 */
final class UnetFlops {
  private UnetFlops() {}

  /** FLOPs of one forward pass of one sample. */
  static double forward(UnetConfig c) {
    int[] p = c.patchShape();
    double voxels = (double) p[0] * p[1] * p[2];
    double flops = 0;
    int in = c.inputChannels();
    double v = voxels;
    for (int level = 0; level < c.depth(); level++) {
      int f = c.baseFilters() << level;
      flops += conv(27, in, f, v) + conv(27, f, f, v);
      in = f;
      v /= 8;
    }
    int bottom = c.baseFilters() << c.depth();
    flops += conv(27, in, bottom, v) + conv(27, bottom, bottom, v);
    in = bottom;
    for (int level = c.depth() - 1; level >= 0; level--) {
      int f = c.baseFilters() << level;
      flops += conv(8, in, f, v); // transposed 2³ stride 2: each input voxel feeds 8 outputs
      v *= 8;
      flops += conv(27, 2 * f, f, v) + conv(27, f, f, v);
      in = f;
    }
    flops += conv(1, in, c.classes(), v);
    return flops;
  }

  /** FLOPs of one training step (forward + backward) on {@code batch} samples. */
  static double trainingStep(UnetConfig c, int batch) {
    return 3 * forward(c) * batch;
  }

  private static double conv(int kernel, int in, int out, double voxels) {
    return 2.0 * kernel * in * out * voxels;
  }
}
