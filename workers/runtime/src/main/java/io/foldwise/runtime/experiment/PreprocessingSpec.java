package io.foldwise.runtime.experiment;

/**
 * The preprocessing pipeline, in MIScnn's order: clip, grayscale min-max normalisation to 0..255,
 * resampling to a target spacing, z-score per volume.
 */
public record PreprocessingSpec(double clipMin, double clipMax, boolean grayscale,
    double[] targetSpacing, String imageInterpolation, String labelInterpolation, boolean zscore) {
  public PreprocessingSpec {
    targetSpacing = targetSpacing.clone();
  }

  @Override
  public double[] targetSpacing() {
    return targetSpacing.clone();
  }

  static PreprocessingSpec read(ConfigNode node) {
    double[] clip = node.numbers("clip", 2, -1e6, 1e6);
    if (clip[0] >= clip[1]) {
      throw node.error("clip", "must be [min, max] with min < max, got [" + clip[0] + ", " + clip[1] + "]");
    }
    boolean grayscale = node.bool("grayscale", true);
    double[] spacing = node.numbers("target_spacing", 3, 1e-3, 100);
    String image = node.choice("image_interpolation", "cubic", "cubic", "linear");
    String label = node.choice("label_interpolation", "linear_rounded", "linear_rounded", "nearest");
    boolean zscore = node.bool("zscore", true);
    node.finish();
    return new PreprocessingSpec(clip[0], clip[1], grayscale, spacing, image, label, zscore);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreprocessingSpec p && p.clipMin == clipMin && p.clipMax == clipMax
        && p.grayscale == grayscale && java.util.Arrays.equals(p.targetSpacing, targetSpacing)
        && p.imageInterpolation.equals(imageInterpolation)
        && p.labelInterpolation.equals(labelInterpolation) && p.zscore == zscore;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(targetSpacing) + imageInterpolation.hashCode();
  }
}
