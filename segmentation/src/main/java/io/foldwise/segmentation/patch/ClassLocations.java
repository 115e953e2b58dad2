package io.foldwise.segmentation.patch;

import io.foldwise.segmentation.volume.LabelVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where each foreground class of a label volume lies, for foreground oversampling (nnU-Net's
 * {@code class_locations}): per label {@code >= 1} present in the volume, the linear indices of its
 * voxels, at most {@value #MAX_PER_CLASS} of them (every k-th voxel in index order when there are more,
 * k = ceil(count / max): deterministic, spread over the whole class).
 */
public final class ClassLocations {
  /** At most this many voxel indices are kept per class (nnU-Net keeps 10,000). */
  public static final int MAX_PER_CLASS = 10_000;

  private final int[] labels;
  private final int[][] voxels;

  private ClassLocations(int[] labels, int[][] voxels) {
    this.labels = labels;
    this.voxels = voxels;
  }

  /** The foreground classes of {@code label} and where they are. */
  public static ClassLocations of(LabelVolume label) {
    Objects.requireNonNull(label, "label == null");
    byte[] data;
    try {
      data = label.load().data(); // a label map on disk is read whole once, here
    } catch (IOException e) {
      throw new UncheckedIOException("reading the labels: " + e.getMessage(), e);
    }
    int[] counts = new int[128];
    for (byte b : data) {
      if (b > 0) {
        counts[b]++;
      }
    }
    List<Integer> present = new ArrayList<>();
    for (int c = 1; c < counts.length; c++) {
      if (counts[c] > 0) {
        present.add(c);
      }
    }
    int[] labels = present.stream().mapToInt(Integer::intValue).toArray();
    int[][] voxels = new int[labels.length][];
    int[] stride = new int[128];
    int[] seen = new int[128];
    int[] slot = new int[labels.length == 0 ? 0 : labels[labels.length - 1] + 1];
    for (int k = 0; k < labels.length; k++) {
      int c = labels[k];
      stride[c] = (counts[c] + MAX_PER_CLASS - 1) / MAX_PER_CLASS;
      voxels[k] = new int[(counts[c] + stride[c] - 1) / stride[c]];
      slot[c] = k;
    }
    int[] filled = new int[labels.length];
    for (int i = 0; i < data.length; i++) {
      int c = data[i];
      if (c > 0) {
        if (seen[c]++ % stride[c] == 0) {
          int k = slot[c];
          voxels[k][filled[k]++] = i;
        }
      }
    }
    return new ClassLocations(labels, voxels);
  }

  /** True when the volume holds no foreground at all. */
  public boolean isEmpty() {
    return labels.length == 0;
  }

  /** The foreground labels present, ascending. */
  public int[] labels() {
    return labels.clone();
  }

  /** The kept voxel indices of the {@code k}-th present label (see {@link #labels()}). */
  int[] voxelsOf(int k) {
    return voxels[k];
  }

  /** How many labels are present. */
  int count() {
    return labels.length;
  }
}
