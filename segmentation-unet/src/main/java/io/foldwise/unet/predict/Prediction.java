package io.foldwise.unet.predict;

import io.foldwise.segmentation.volume.LabelVolume;

/**
 * A full-volume prediction on the preprocessed grid.
 *
 * @param labels argmax class per voxel
 * @param probabilities averaged softmax, [class][x-fastest voxel] flattened (class-major)
 * @param weightSum per voxel, the summed window weights (every entry > 0: every voxel covered)
 * @param windows number of windows evaluated
 */
public record Prediction(LabelVolume labels, float[] probabilities, float[] weightSum, int windows) {}
