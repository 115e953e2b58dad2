package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.transform.spatial.GaussianSmoothing;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.PointSampler;
import java.util.random.RandomGenerator;

/**
 * Elastic deformation, rotation and scaling combined into one resampling pass (batchgenerators
 * {@code augment_spatial} with the patch centred, as MIScnn runs it). Each part runs with its own
 * probability, drawn in that order. For output voxel p with centre c = (shape − 1) / 2 the source
 * position is {@code c + s · Mᵀ (p − c + d(p))}: d is the elastic displacement (uniform noise in
 * [−1, 1] per axis smoothed with a Gaussian of σ and multiplied by α), M = Rx·Ry·Rz the rotation,
 * s the scale. Image values are interpolated (linear or cubic) and labels taken from the nearest
 * voxel; outside the patch both are 0. When no part is drawn the patch is returned unchanged.
 */
public final class SpatialTransform implements PatchAugmentation {
  private final AugmentationConfig config;

  public SpatialTransform(AugmentationConfig config) {
    this.config = config;
  }

  @Override
  public Patch apply(Patch patch, RandomGenerator rng) {
    int[] s = patch.shape();
    float[][] displacement = null;
    if (rng.nextDouble() < config.elasticProbability()) {
      double alpha = config.elasticAlpha().draw(rng);
      double sigma = config.elasticSigma().draw(rng);
      displacement = elasticField(s, alpha, sigma, rng);
    }
    double[] angles = null;
    if (rng.nextDouble() < config.rotationProbability()) {
      double max = Math.toRadians(config.rotationDegrees());
      angles = new double[3];
      for (int a = 0; a < 3; a++) {
        angles[a] = -max + 2 * max * rng.nextDouble();
      }
    }
    double scale = 1;
    boolean scaled = false;
    if (rng.nextDouble() < config.scalingProbability()) {
      scale = config.scaling().drawAroundOne(rng);
      scaled = true;
    }
    if (displacement == null && angles == null && !scaled) {
      return patch;
    }
    double[] m = angles == null ? identity() : rotation(angles[0], angles[1], angles[2]);
    return warp(patch, displacement, m, scale, config.imageInterpolation());
  }

  /** The rotation matrix Rx·Ry·Rz (row major), angles in radians. */
  public static double[] rotation(double ax, double ay, double az) {
    double[] rx = {1, 0, 0, 0, Math.cos(ax), -Math.sin(ax), 0, Math.sin(ax), Math.cos(ax)};
    double[] ry = {Math.cos(ay), 0, Math.sin(ay), 0, 1, 0, -Math.sin(ay), 0, Math.cos(ay)};
    double[] rz = {Math.cos(az), -Math.sin(az), 0, Math.sin(az), Math.cos(az), 0, 0, 0, 1};
    return multiply(multiply(rx, ry), rz);
  }

  /**
   * Resamples the patch: source = c + scale · Mᵀ (p − c + d(p)), with {@code displacement}
   * [axis][voxel] or null.
   */
  public static Patch warp(Patch patch, float[][] displacement, double[] m, double scale,
      Interpolation interpolation) {
    int[] s = patch.shape();
    double cx = (s[0] - 1) / 2.0;
    double cy = (s[1] - 1) / 2.0;
    double cz = (s[2] - 1) / 2.0;
    PointSampler sampler = new PointSampler(patch.image(), s, interpolation);
    byte[] labels = patch.label();
    float[] img = new float[patch.voxelCount()];
    byte[] lbl = labels == null ? null : new byte[img.length];
    for (int z = 0, i = 0; z < s[2]; z++) {
      for (int y = 0; y < s[1]; y++) {
        for (int x = 0; x < s[0]; x++, i++) {
          double dx = x - cx;
          double dy = y - cy;
          double dz = z - cz;
          if (displacement != null) {
            dx += displacement[0][i];
            dy += displacement[1][i];
            dz += displacement[2][i];
          }
          // row vector (dx, dy, dz) times M, as batchgenerators' coords.T @ rot_matrix
          double sx = cx + scale * (dx * m[0] + dy * m[3] + dz * m[6]);
          double sy = cy + scale * (dx * m[1] + dy * m[4] + dz * m[7]);
          double sz = cz + scale * (dx * m[2] + dy * m[5] + dz * m[8]);
          img[i] = (float) sampler.sample(sx, sy, sz);
          if (lbl != null) {
            lbl[i] = PointSampler.nearest(labels, s, sx, sy, sz);
          }
        }
      }
    }
    return new Patch(s, img, lbl);
  }

  /** Three displacement fields [axis][voxel]: α · Gσ * U(−1, 1), drawn x field first. */
  static float[][] elasticField(int[] shape, double alpha, double sigma, RandomGenerator rng) {
    int n = shape[0] * shape[1] * shape[2];
    float[][] field = new float[3][n];
    for (int a = 0; a < 3; a++) {
      float[] f = field[a];
      for (int i = 0; i < n; i++) {
        f[i] = (float) (rng.nextDouble() * 2 - 1);
      }
      GaussianSmoothing.smoothInPlace(f, shape, sigma);
      for (int i = 0; i < n; i++) {
        f[i] = (float) (f[i] * alpha);
      }
    }
    return field;
  }

  private static double[] identity() {
    return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] c = new double[9];
    for (int r = 0; r < 3; r++) {
      for (int col = 0; col < 3; col++) {
        c[r * 3 + col] = a[r * 3] * b[col] + a[r * 3 + 1] * b[3 + col] + a[r * 3 + 2] * b[6 + col];
      }
    }
    return c;
  }

  @Override
  public String name() {
    return "spatial(elastic p " + config.elasticProbability() + ", rotation p "
        + config.rotationProbability() + ", scaling p " + config.scalingProbability() + ")";
  }
}
