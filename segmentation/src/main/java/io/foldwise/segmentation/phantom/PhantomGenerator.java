package io.foldwise.segmentation.phantom;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes one chest-CT-like case in Hounsfield units with its label map.
 *
 * <p>Anatomy, in coordinates normalized to the grid (so it fills any shape): air outside; an
 * elliptic body cylinder of soft tissue with a fat rim; a spine (marrow with a cortical ring)
 * behind the lungs (posterior); two lung ellipsoids; 1–3 infection blobs inside the lungs, each with its own
 * mean HU in [-300, 0]. Labels: 0 background, 1 left lung, 2 right lung, 3 infection (infection
 * voxels are inside a lung and are labelled 3 instead of the lung).
 *
 * <p><b>Orientation.</b> The affine is diagonal with positive spacing, i.e. RAS+: x grows towards
 * the patient's left, y towards anterior. The <b>left lung (label 1) is the one at higher x</b>,
 * the right lung (label 2) at lower x; the spine is posterior (low y).
 *
 * <p>Noise is Gaussian with the spec's standard deviation, clamped to ±3 sd, so every voxel lies
 * within its tissue's mean ± 3 sd (then rounded to whole HU, as CT scanners store int16).
 * Windowed cases map HU through the lung window [-1250, 250] to 0..255 and round to integers, as
 * the radiopaedia cases of COVID-19-CT-Seg are stored.
 *
 * <p>Deterministic: case {@code i} of seed {@code s} draws everything from one
 * {@code java.util.Random} seeded with a mix of (s, i), in a fixed order, so the voxels are
 * bit-identical on every run and every JVM.
 */
public final class PhantomGenerator {
  public static final double WINDOW_MIN_HU = -1250;
  public static final double WINDOW_MAX_HU = 250;

  /** A generated case: the sample and its description. */
  public record Generated(Sample sample, PhantomCase description) {}

  private PhantomGenerator() {}

  /** Case {@code index} (0-based) of {@code spec}. */
  public static Generated generate(PhantomSpec spec, int index) {
    if (index < 0 || index >= spec.cases()) {
      throw new IllegalArgumentException("index must be in 0.." + (spec.cases() - 1) + ", got " + index);
    }
    Random r = new Random(mix(spec.seed(), index));
    int[] shape = spec.caseShape(index);
    int nx = shape[0];
    int ny = shape[1];
    int nz = shape[2];
    // Spacing: in-plane k/64 mm (exact in float32) in 0.6875..0.8125, slices from realistic choices.
    double inPlane = (44 + r.nextInt(9)) / 64.0;
    double[] slices = {1.5, 2.0, 2.5, 3.0, 5.0};
    double slice = slices[r.nextInt(slices.length)];
    double[] spacing = spec.slices() == null ? new double[] {inPlane, inPlane, slice}
        : realSpacing(spec.seed(), index, nz);
    boolean windowed = spec.isWindowed(index);

    // Lungs: centres at u = ±0.4 (left lung at +u), jittered radii.
    Ellipsoid left = new Ellipsoid(0.40 + jitter(r, 0.03), 0.05 + jitter(r, 0.03), 0.5,
        0.27 + jitter(r, 0.03), 0.42 + jitter(r, 0.04), 0.46);
    Ellipsoid right = new Ellipsoid(-0.40 + jitter(r, 0.03), 0.05 + jitter(r, 0.03), 0.5,
        0.27 + jitter(r, 0.03), 0.42 + jitter(r, 0.04), 0.46);
    int blobCount = 1 + r.nextInt(3);
    List<Ellipsoid> blobs = new ArrayList<>();
    List<Double> blobHu = new ArrayList<>();
    for (int b = 0; b < blobCount; b++) {
      Ellipsoid lung = r.nextBoolean() ? left : right;
      double radius = 0.10 + 0.09 * r.nextDouble();
      double cu = lung.cu + lung.ru * 0.5 * (2 * r.nextDouble() - 1);
      double cv = lung.cv + lung.rv * 0.5 * (2 * r.nextDouble() - 1);
      double cw = lung.cw + lung.rw * 0.5 * (2 * r.nextDouble() - 1);
      blobs.add(new Ellipsoid(cu, cv, cw, radius, radius, radius * 1.5));
      blobHu.add((double) Math.round(Tissue.INFECTION_MIN_HU
          + (Tissue.INFECTION_MAX_HU - Tissue.INFECTION_MIN_HU) * r.nextDouble()));
    }

    int n = nx * ny * nz;
    float[] image = new float[n];
    byte[] label = new byte[n];
    long[] counts = new long[4];
    double sd = spec.noiseHu();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (int z = 0; z < nz; z++) {
      double w = (z + 0.5) / nz;
      for (int y = 0; y < ny; y++) {
        double v = 2 * (y + 0.5) / ny - 1;
        for (int x = 0; x < nx; x++, i++) {
          double u = 2 * (x + 0.5) / nx - 1;
          double hu;
          int lab = 0;
          double body = sq(u / 0.92) + sq(v / 0.78);
          double spine = Math.sqrt(sq((u - 0.0) / 0.11) + sq((v + 0.58) / 0.11));
          if (body > 1) {
            hu = Tissue.AIR.hu();
          } else if (left.contains(u, v, w) || right.contains(u, v, w)) {
            lab = left.contains(u, v, w) ? 1 : 2;
            hu = Tissue.LUNG_LEFT.hu();
            for (int b = 0; b < blobs.size(); b++) {
              if (blobs.get(b).contains(u, v, w)) {
                lab = 3;
                hu = blobHu.get(b);
                break;
              }
            }
          } else if (spine <= 1) {
            hu = spine > 0.65 ? Tissue.BONE_CORTEX.hu() : Tissue.BONE_MARROW.hu();
          } else if (sq(u / 0.84) + sq(v / 0.70) > 1) {
            hu = Tissue.FAT.hu();
          } else {
            hu = Tissue.SOFT_TISSUE.hu();
          }
          double noise = sd * r.nextGaussian();
          noise = Math.max(-3 * sd, Math.min(3 * sd, noise));
          double value = hu + noise;
          value = windowed ? window(value) : Math.rint(value);
          float f = (float) value;
          image[i] = f;
          label[i] = (byte) lab;
          counts[lab]++;
          min = Math.min(min, f);
          max = Math.max(max, f);
        }
      }
    }
    double intendedMin = Tissue.AIR.hu() - 3 * sd;
    double intendedMax = Tissue.BONE_CORTEX.hu() + 3 * sd;
    if (windowed) {
      intendedMin = 0;
      intendedMax = 255;
    }
    double[] freq = new double[4];
    for (int c = 0; c < 4; c++) {
      freq[c] = (double) counts[c] / n;
    }
    Geometry g = Geometry.of(shape, spacing);
    Sample sample = new Sample(PhantomSpec.caseId(index), new ImageVolume(g, image),
        new LabelVolume(g, label));
    PhantomCase description = new PhantomCase(PhantomSpec.caseId(index), shape, spacing, windowed,
        windowed ? "uint8" : "int16", intendedMin, intendedMax, min, max, counts, freq, List.copyOf(blobHu), null, null);
    return new Generated(sample, description);
  }

  /**
   * The spacing of a case with its own slice count, as real chest CTs have: in-plane k/64 mm in
   * 0.609..0.797, and a slice thickness (in 1/8 mm, 1..5 mm) that covers a chest of 240..320 mm
   * with {@code slices} slices; drawn from a stream of its own, so the anatomy stream is unchanged.
   */
  static double[] realSpacing(long seed, int index, int slices) {
    Random s = new Random(mix(seed ^ SPACING_SALT, index));
    double inPlane = (39 + s.nextInt(13)) / 64.0;
    double coverageMm = 240 + 80 * s.nextDouble();
    double thickness = Math.max(1, Math.min(5, Math.round(coverageMm / slices * 8) / 8.0));
    return new double[] {inPlane, inPlane, thickness};
  }

  private static final long SPACING_SALT = 0x5BAC_1A65L;

  /** Lung window [-1250, 250] HU to 0..255, rounded to an integer. */
  static double window(double hu) {
    double clipped = Math.max(WINDOW_MIN_HU, Math.min(WINDOW_MAX_HU, hu));
    return Math.rint((clipped - WINDOW_MIN_HU) / (WINDOW_MAX_HU - WINDOW_MIN_HU) * 255);
  }

  private static double jitter(Random r, double amount) {
    return amount * (2 * r.nextDouble() - 1);
  }

  private static double sq(double a) {
    return a * a;
  }

  /** SplitMix64 finalizer of (seed, index): independent streams per case. */
  static long mix(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Axis-aligned ellipsoid in normalized coordinates (u, v in -1..1, w in 0..1). */
  private record Ellipsoid(double cu, double cv, double cw, double ru, double rv, double rw) {
    boolean contains(double u, double v, double w) {
      return sq((u - cu) / ru) + sq((v - cv) / rv) + sq((w - cw) / rw) <= 1;
    }
  }
}
