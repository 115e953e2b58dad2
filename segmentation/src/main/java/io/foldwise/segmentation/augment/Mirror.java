package io.foldwise.segmentation.augment;

import io.foldwise.segmentation.patch.Patch;
import java.util.List;
import java.util.random.RandomGenerator;

/** Flips image and labels along each listed axis independently with probability p (batchgenerators MirrorTransform). */
public final class Mirror implements PatchAugmentation {
  private final List<Integer> axes;
  private final double probability;

  public Mirror(List<Integer> axes, double probability) {
    this.axes = List.copyOf(axes);
    this.probability = probability;
  }

  @Override
  public Patch apply(Patch patch, RandomGenerator rng) {
    Patch out = patch;
    for (int axis : axes) {
      if (rng.nextDouble() < probability) {
        out = flip(out, axis);
      }
    }
    return out;
  }

  /** The patch flipped along {@code axis} (0 = x, 1 = y, 2 = z). */
  public static Patch flip(Patch patch, int axis) {
    int[] s = patch.shape();
    float[] image = patch.image();
    byte[] label = patch.label();
    float[] img = new float[image.length];
    byte[] lbl = label == null ? null : new byte[label.length];
    for (int z = 0, i = 0; z < s[2]; z++) {
      for (int y = 0; y < s[1]; y++) {
        for (int x = 0; x < s[0]; x++, i++) {
          int fx = axis == 0 ? s[0] - 1 - x : x;
          int fy = axis == 1 ? s[1] - 1 - y : y;
          int fz = axis == 2 ? s[2] - 1 - z : z;
          int j = fx + s[0] * (fy + s[1] * fz);
          img[i] = image[j];
          if (lbl != null) {
            lbl[i] = label[j];
          }
        }
      }
    }
    return new Patch(s, img, lbl);
  }

  @Override
  public String name() {
    return "mirror(axes " + axes + ", p " + probability + ")";
  }
}
