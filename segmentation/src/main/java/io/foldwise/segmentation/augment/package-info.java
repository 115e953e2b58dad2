/**
 * MIScnn/batchgenerators training augmentation of {@link io.foldwise.segmentation.patch.Patch}es:
 * mirror, contrast, brightness, gamma, Gaussian noise and one combined spatial pass (elastic,
 * rotation, scaling). All randomness comes from a caller-seeded
 * {@link java.util.random.RandomGenerator}, drawn in a fixed order: same seed, same patch.
 */
package io.foldwise.segmentation.augment;
