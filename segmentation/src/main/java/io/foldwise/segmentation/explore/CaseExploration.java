package io.foldwise.segmentation.explore;

/**
 * One row of the seed's exploration table: case id, shape (x, y, z), intensity minimum and maximum,
 * voxel spacing (mm), and the voxels and frequency (voxels / all voxels) of each class.
 */
public record CaseExploration(
    String caseId,
    int[] shape,
    double minimum,
    double maximum,
    double[] spacing,
    long[] classVoxels,
    double[] classFrequency) {}
