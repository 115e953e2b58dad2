package io.foldwise.unet.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies a range of channels out of a channels-last array into a contiguous one, as one oneDNN
 * reorder (a strided 2-D copy [voxels, channels]) at memory speed. ND4J's own copy of such a
 * strided view took ~0.4 s for one 32-of-64-channel slice at the U-Net's 160x160x80 level, in the
 * backward pass of every skip concatenation (BENCHMARKS.md).
 */
public final class ChannelSlices {
  private ChannelSlices() {}

  /**
   * {@code out = source[..., from : from + out.channels]}; {@code source} [..., C] and {@code out}
   * [..., c] c-order contiguous float32 with the same leading dimensions.
   */
  public static void copy(INDArray source, long from, INDArray out) {
    long[] s = source.shape();
    long[] o = out.shape();
    long channels = s[s.length - 1];
    long count = o[o.length - 1];
    long rows = source.length() / channels;
    if (!OneDnn.contiguous(source) || !OneDnn.contiguous(out) || out.length() != rows * count
        || from < 0 || from + count > channels) {
      throw new IllegalArgumentException("channel slice " + from + ".." + (from + count) + " of "
          + java.util.Arrays.toString(s) + " into " + java.util.Arrays.toString(o)
          + ": needs contiguous arrays with the same leading dimensions");
    }
    dnnl_memory_desc_t strided = new dnnl_memory_desc_t();
    OneDnn.check(dnnl_memory_desc_init_by_strides(strided, 2, new long[] {rows, count}, dnnl_f32,
        new long[] {channels, 1}), "dnnl_memory_desc_init_by_strides");
    dnnl_memory_desc_t dense = OneDnn.md(dnnl_ab, rows, count);
    OneDnn.reorder(strided, OneDnn.pointer(source, from), dense, OneDnn.pointer(out),
        "channel slice " + rows + "x" + count + " of " + channels);
  }
}
