/**
 * Case-level transforms ({@link io.foldwise.segmentation.transform.SampleTransform}): intensity
 * steps in {@code intensity} (clip, grayscale, z-score) and the spatial machinery in
 * {@code spatial} (grid convention {@code AxisMapping}, separable resizing, cubic B-splines as
 * scipy.ndimage order 3, point sampling with a constant-0 border, Gaussian smoothing). Volumes
 * are x-fastest float/byte arrays; transforms never write into their input.
 */
package io.foldwise.segmentation.transform;
