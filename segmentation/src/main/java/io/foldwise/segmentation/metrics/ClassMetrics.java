package io.foldwise.segmentation.metrics;

/**
 * Overlap and surface metrics of one class of one case. Counts are voxels; {@code hd95Mm} and
 * {@code nsdToleranceMm} are millimetres. See {@link SegmentationMetrics} for definitions and the
 * convention for empty classes.
 */
public record ClassMetrics(
    int label,
    long truthVoxels,
    long predictedVoxels,
    long truePositives,
    long falsePositives,
    long falseNegatives,
    long trueNegatives,
    double dice,
    double iou,
    double sensitivity,
    double specificity,
    double precision,
    double accuracy,
    double hd95Mm,
    double nsd,
    double nsdToleranceMm) {

  /** The value of {@code metric}. */
  public double value(Metric metric) {
    return switch (metric) {
      case DICE -> dice;
      case IOU -> iou;
      case SENSITIVITY -> sensitivity;
      case SPECIFICITY -> specificity;
      case PRECISION -> precision;
      case ACCURACY -> accuracy;
      case HD95 -> hd95Mm;
      case NSD -> nsd;
    };
  }
}
