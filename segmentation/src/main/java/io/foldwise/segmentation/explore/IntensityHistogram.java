package io.foldwise.segmentation.explore;

/**
 * Counts of intensities in fixed-width bins over a fixed range, accumulated case by case; values
 * below or above the range are counted separately. Mutable; owned by one exploration.
 */
public final class IntensityHistogram {
  /** Default range: the seed's clipping window widened to hold bone and windowed 0..255 cases. */
  public static final double DEFAULT_LOW = -1250;
  public static final double DEFAULT_HIGH = 1250;
  public static final double DEFAULT_BIN_WIDTH = 10;

  private final double low;
  private final double binWidth;
  private final long[] counts;
  private long below;
  private long above;

  public IntensityHistogram(double low, double high, double binWidth) {
    if (!(high > low) || !(binWidth > 0)) {
      throw new IllegalArgumentException(
          "histogram needs low < high and binWidth > 0, got " + low + ", " + high + ", " + binWidth);
    }
    this.low = low;
    this.binWidth = binWidth;
    this.counts = new long[(int) Math.ceil((high - low) / binWidth)];
  }

  public static IntensityHistogram defaults() {
    return new IntensityHistogram(DEFAULT_LOW, DEFAULT_HIGH, DEFAULT_BIN_WIDTH);
  }

  public void add(float[] values) {
    int bins = counts.length;
    for (float v : values) {
      double b = Math.floor((v - low) / binWidth);
      if (b < 0) {
        below++;
      } else if (b >= bins) {
        above++;
      } else {
        counts[(int) b]++;
      }
    }
  }

  public double low() {
    return low;
  }

  public double high() {
    return low + counts.length * binWidth;
  }

  public double binWidth() {
    return binWidth;
  }

  public long[] counts() {
    return counts.clone();
  }

  public long below() {
    return below;
  }

  public long above() {
    return above;
  }
}
