package io.foldwise.unet.loss;

import io.foldwise.unet.config.LossKind;

/**
 * MIScnn's losses and metrics on softmax probabilities, per sample, with their gradients with
 * respect to the probabilities. Arrays are row-major [rows][classes]; rows are the voxels of
 * {@code samples} consecutive samples of {@code voxels} rows each. Keras reduces every loss to the
 * mean over the batch of per-sample values; this class returns the per-sample values
 * (see {@link #perSample}) and the gradient of their <em>sum</em> (DL4J divides by the batch).
 *
 * <ul>
 *   <li>tversky_loss_b = C − Σ_c (tp + s) / (tp + α·fn + β·fp + s), α = β = 0.5, s = 1e-6</li>
 *   <li>dice_soft_b = mean_c (2·tp + s) / (Σy + Σp + s), s = 1e-5 (a score)</li>
 *   <li>crossentropy_b = mean_v −Σ_c y·log(clip(p, 1e-7, 1 − 1e-7))</li>
 *   <li>tversky_crossentropy = tversky_loss + crossentropy; dice_crossentropy = 1 − dice_soft +
 *       crossentropy</li>
 * </ul>
 */
public final class LossMath {
  static final double ALPHA = 0.5;
  static final double BETA = 0.5;
  static final double TVERSKY_SMOOTH = 1e-6;
  static final double DICE_SMOOTH = 1e-5;
  static final double EPSILON = 1e-7;

  private LossMath() {}

  /** Per-class sums of one sample: tp = Σ y·p, sy = Σ y, sp = Σ p, and Σ_v of the cross-entropy. */
  record Sums(double[] tp, double[] sy, double[] sp, double crossEntropy, int voxels) {}

  static Sums sums(float[] p, float[] y, int classes, int firstRow, int voxels) {
    double[] tp = new double[classes];
    double[] sy = new double[classes];
    double[] sp = new double[classes];
    double ce = 0;
    for (int v = firstRow; v < firstRow + voxels; v++) {
      int base = v * classes;
      for (int c = 0; c < classes; c++) {
        double pv = p[base + c];
        double yv = y[base + c];
        tp[c] += yv * pv;
        sy[c] += yv;
        sp[c] += pv;
        if (yv != 0) {
          ce -= yv * Math.log(Math.min(Math.max(pv, EPSILON), 1 - EPSILON));
        }
      }
    }
    return new Sums(tp, sy, sp, ce, voxels);
  }

  static double tversky(Sums s) {
    double total = 0;
    for (int c = 0; c < s.tp.length; c++) {
      double fn = s.sy[c] - s.tp[c];
      double fp = s.sp[c] - s.tp[c];
      total += (s.tp[c] + TVERSKY_SMOOTH) / (s.tp[c] + ALPHA * fn + BETA * fp + TVERSKY_SMOOTH);
    }
    return s.tp.length - total;
  }

  static double diceSoft(Sums s) {
    double total = 0;
    for (int c = 0; c < s.tp.length; c++) {
      total += (2 * s.tp[c] + DICE_SMOOTH) / (s.sy[c] + s.sp[c] + DICE_SMOOTH);
    }
    return total / s.tp.length;
  }

  static double crossEntropy(Sums s) {
    return s.crossEntropy / s.voxels;
  }

  /** The value of {@code kind} for one sample. */
  static double value(LossKind kind, Sums s) {
    return switch (kind) {
      case TVERSKY_LOSS -> tversky(s);
      case TVERSKY_CROSSENTROPY -> tversky(s) + crossEntropy(s);
      case DICE_SOFT -> diceSoft(s);
      case DICE_CROSSENTROPY -> 1 - diceSoft(s) + crossEntropy(s);
    };
  }

  /** Per-sample values of {@code kind}; {@code p.length == samples * voxels * classes}. */
  public static double[] perSample(LossKind kind, float[] p, float[] y, int classes, int voxels) {
    int samples = p.length / (voxels * classes);
    double[] out = new double[samples];
    for (int b = 0; b < samples; b++) {
      out[b] = value(kind, sums(p, y, classes, b * voxels, voxels));
    }
    return out;
  }

  /** d(Σ_b loss_b)/dp, same layout as {@code p}. */
  public static float[] gradient(LossKind kind, float[] p, float[] y, int classes, int voxels) {
    float[] grad = new float[p.length];
    int samples = p.length / (voxels * classes);
    boolean tversky = kind == LossKind.TVERSKY_LOSS || kind == LossKind.TVERSKY_CROSSENTROPY;
    boolean dice = kind == LossKind.DICE_SOFT || kind == LossKind.DICE_CROSSENTROPY;
    boolean ce = kind == LossKind.TVERSKY_CROSSENTROPY || kind == LossKind.DICE_CROSSENTROPY;
    double diceSign = kind == LossKind.DICE_SOFT ? 1 : -1;
    for (int b = 0; b < samples; b++) {
      Sums s = sums(p, y, classes, b * voxels, voxels);
      double[] num = new double[classes];
      double[] den = new double[classes];
      for (int c = 0; c < classes; c++) {
        if (tversky) {
          double fn = s.sy[c] - s.tp[c];
          double fp = s.sp[c] - s.tp[c];
          num[c] = s.tp[c] + TVERSKY_SMOOTH;
          den[c] = s.tp[c] + ALPHA * fn + BETA * fp + TVERSKY_SMOOTH;
        } else {
          num[c] = 2 * s.tp[c] + DICE_SMOOTH;
          den[c] = s.sy[c] + s.sp[c] + DICE_SMOOTH;
        }
      }
      for (int v = b * voxels; v < (b + 1) * voxels; v++) {
        int base = v * classes;
        for (int c = 0; c < classes; c++) {
          double yv = y[base + c];
          double g = 0;
          if (tversky) {
            // T = num/den; dnum/dp = y; dden/dp = y − α·y + β·(1 − y)
            double dden = yv - ALPHA * yv + BETA * (1 - yv);
            g -= (yv * den[c] - num[c] * dden) / (den[c] * den[c]);
          }
          if (dice) {
            // D = num/den; dnum/dp = 2y; dden/dp = 1; averaged over classes
            g += diceSign * (2 * yv * den[c] - num[c]) / (den[c] * den[c]) / classes;
          }
          if (ce && yv != 0) {
            double pv = p[base + c];
            if (pv > EPSILON && pv < 1 - EPSILON) {
              g -= yv / pv / voxels;
            }
          }
          grad[base + c] = (float) g;
        }
      }
    }
    return grad;
  }
}
