/**
 * MIScnn's preprocessing as a list of {@link io.foldwise.segmentation.transform.SampleTransform}s
 * built from an immutable {@link io.foldwise.segmentation.preprocess.PreprocessingConfig}:
 * clip, grayscale, resample ({@link io.foldwise.segmentation.preprocess.Resampler}: batchgenerators'
 * grid, new shape floor(shape × old/new)), z-score; and the inverse for predicted label maps.
 */
package io.foldwise.segmentation.preprocess;
