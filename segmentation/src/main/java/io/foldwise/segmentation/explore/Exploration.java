package io.foldwise.segmentation.explore;

import io.foldwise.segmentation.dataset.CasePair;
import io.foldwise.segmentation.dataset.ClassNames;
import io.foldwise.segmentation.dataset.DatasetException;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The seed's data exploration: per case shape, intensity minimum and maximum, voxel spacing and
 * class frequencies, plus an intensity histogram over all cases. Streams: one case's image and
 * mask are in memory at a time.
 */
public final class Exploration {
  private Exploration() {}

  public static ExplorationReport of(List<CasePair> pairs, ClassNames names) throws IOException {
    return of(pairs, names, message -> {});
  }

  /** Explores the cases in order; {@code progress} receives one line per case. */
  public static ExplorationReport of(List<CasePair> pairs, ClassNames names,
      Consumer<String> progress) throws IOException {
    Objects.requireNonNull(pairs, "pairs == null");
    Objects.requireNonNull(names, "names == null");
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no cases to explore");
    }
    IntensityHistogram histogram = IntensityHistogram.defaults();
    List<CaseExploration> rows = new ArrayList<>();
    int i = 0;
    for (CasePair pair : pairs) {
      rows.add(explore(pair, names, histogram));
      progress.accept("explored " + (++i) + "/" + pairs.size() + ": " + pair.caseId());
    }
    return new ExplorationReport(names, rows, histogram);
  }

  private static CaseExploration explore(CasePair pair, ClassNames names,
      IntensityHistogram histogram) throws IOException {
    ImageVolume image = pair.loadImage();
    float[] data = image.data();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    histogram.add(data);
    var geometry = image.geometry();
    image = null;
    data = null;
    LabelVolume mask = pair.loadMask();
    pair.checkSameGrid(geometry, mask.geometry());
    long[] counts;
    try {
      counts = mask.classCounts(names.count());
    } catch (IllegalArgumentException e) {
      throw new DatasetException(pair.caseId() + ": " + pair.mask() + ": " + e.getMessage(), e);
    }
    long n = geometry.voxelCount();
    double[] freq = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      freq[c] = (double) counts[c] / n;
    }
    return new CaseExploration(pair.caseId(), geometry.shape(), min, max, geometry.spacing(),
        counts, freq);
  }
}
