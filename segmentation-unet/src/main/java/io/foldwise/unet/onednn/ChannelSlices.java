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
   * Splits {@code source} [..., k·c] into k equal channel ranges at once: {@code parts} [k, ..., c]
   * (c-order contiguous) gets {@code parts[i] = source[..., i·c : (i+1)·c]}. One permuting oneDNN
   * reorder (its jit kernel); measured 30 ms for [2,048,000, 64] → 2 x 32 channels, against 37 ms
   * per part for {@link #copy} (a reference kernel that ran 10x slower inside the U-Net's backward
   * pass) and 400 ms for ND4J's strided copy.
   */
  public static void split(INDArray source, INDArray parts) {
    long[] s = source.shape();
    long[] p = parts.shape();
    long channels = s[s.length - 1];
    long k = p[0];
    long count = p[p.length - 1];
    long rows = source.length() / channels;
    if (!OneDnn.contiguous(source) || !OneDnn.contiguous(parts) || k * count != channels
        || parts.length() != source.length()) {
      throw new IllegalArgumentException("channel split of " + java.util.Arrays.toString(s) + " into "
          + java.util.Arrays.toString(p) + ": needs contiguous arrays, [k, ..., c] with k·c channels");
    }
    dnnl_memory_desc_t from = OneDnn.strided(new long[] {rows, k, count}, new long[] {channels, count, 1});
    dnnl_memory_desc_t to = OneDnn.strided(new long[] {rows, k, count}, new long[] {count, rows * count, 1});
    OneDnn.reorder(from, OneDnn.pointer(source), to, OneDnn.pointer(parts),
        "channel split " + rows + "x" + k + "x" + count);
  }

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
    dnnl_memory_desc_t strided = OneDnn.strided(new long[] {rows, count}, new long[] {channels, 1});
    dnnl_memory_desc_t dense = OneDnn.md(dnnl_ab, rows, count);
    OneDnn.reorder(strided, OneDnn.pointer(source, from), dense, OneDnn.pointer(out),
        "channel slice " + rows + "x" + count + " of " + channels);
  }
}
