package io.foldwise.segmentation.preprocess;

import io.foldwise.segmentation.transform.SampleTransform;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import java.util.Arrays;
import java.util.Objects;

/** Resamples a case's image and mask to a target spacing (see {@link Resampler}). */
public final class Resample implements SampleTransform {
  private final double[] targetSpacing;
  private final Interpolation image;
  private final LabelInterpolation label;

  public Resample(double[] targetSpacing, Interpolation image, LabelInterpolation label) {
    Objects.requireNonNull(targetSpacing, "targetSpacing == null");
    this.targetSpacing = targetSpacing.clone();
    this.image = Objects.requireNonNull(image, "image interpolation == null");
    this.label = Objects.requireNonNull(label, "label interpolation == null");
  }

  @Override
  public Sample apply(Sample sample) {
    ImageVolume img = Resampler.resample(sample.image(), targetSpacing, image);
    LabelVolume lbl = sample.label() == null
        ? null : Resampler.resample(sample.label(), targetSpacing, label);
    return new Sample(sample.caseId(), img, lbl);
  }

  @Override
  public String name() {
    return "resample(" + Arrays.toString(targetSpacing) + ", image "
        + image.name().toLowerCase(java.util.Locale.ROOT) + ", label " + label.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
