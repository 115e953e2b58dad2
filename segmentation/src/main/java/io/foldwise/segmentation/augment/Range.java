package io.foldwise.segmentation.augment;

/** A closed interval [min, max] from which a parameter is drawn. */
public record Range(double min, double max) {
  public Range {
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw new IllegalArgumentException(
          "range must be finite with min <= max, got [" + min + ", " + max + "]");
    }
  }

  public static Range of(double min, double max) {
    return new Range(min, max);
  }

  /** A uniform draw in [min, max) (min itself when the range is a single point). */
  double draw(java.util.random.RandomGenerator rng) {
    return min == max ? min : min + (max - min) * rng.nextDouble();
  }

  /**
   * batchgenerators' two-sided draw around 1 for contrast, gamma and scaling: with probability
   * 0.5 (when min < 1) uniform in [min, 1), otherwise uniform in [max(min, 1), max).
   */
  double drawAroundOne(java.util.random.RandomGenerator rng) {
    if (rng.nextDouble() < 0.5 && min < 1) {
      return min + (1 - min) * rng.nextDouble();
    }
    double lo = Math.max(min, 1);
    return lo + (max - lo) * rng.nextDouble();
  }

  @Override
  public String toString() {
    return "[" + min + ", " + max + "]";
  }
}
