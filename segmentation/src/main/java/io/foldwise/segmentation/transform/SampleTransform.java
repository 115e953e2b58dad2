package io.foldwise.segmentation.transform;

import io.foldwise.segmentation.volume.Sample;

/** One step applied to a whole case (image and, when present, its mask); never modifies its input. */
public interface SampleTransform {
  /** The transformed case; the input's arrays are left untouched. */
  Sample apply(Sample sample);

  /** A short stable name for logs, parameters and error messages, e.g. {@code "clip(-1250, 250)"}. */
  String name();
}
