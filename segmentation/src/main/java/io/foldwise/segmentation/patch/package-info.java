/**
 * Patches for training and prediction: random crops
 * ({@link io.foldwise.segmentation.patch.RandomPatchSampler}), the overlapping prediction grid
 * ({@link io.foldwise.segmentation.patch.SlidingWindow}), window extraction with padding
 * ({@link io.foldwise.segmentation.patch.Windows}) and averaging of overlapping softmax outputs
 * ({@link io.foldwise.segmentation.patch.ProbabilityStitcher}).
 */
package io.foldwise.segmentation.patch;
