package io.foldwise.unet.data;

import io.foldwise.segmentation.augment.AugmentationConfig;
import io.foldwise.segmentation.augment.Augmenter;
import io.foldwise.segmentation.patch.ClassLocations;
import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.patch.RandomPatchSampler;
import io.foldwise.segmentation.volume.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The random patches of a training run as a pure function of their position: patch {@code slot} of
 * batch ({@code epoch}, {@code iteration}) of stream {@code stream} comes from
 * {@code new SplittableRandom(mix(seed, stream, epoch, iteration, slot))}, which picks the sample
 * (uniformly), the crop origin and the augmentation. The same position always yields the same patch,
 * whichever thread computes it and whenever, so the stream's "RNG state" is its position and a
 * resumed training sees exactly the batches an uninterrupted one would.
 *
 * <p>With a foreground share above 0 (training stream only), each patch first draws whether it is a
 * foreground patch ({@code rng.nextDouble() < share}): those are centred on a voxel of a foreground class
 * of the sample ({@link RandomPatchSampler#sampleForeground}); the others are random crops. A share of
 * 0 draws nothing extra: the stream is exactly the random-crop stream.
 */
public final class PatchStream {
  /** Stream id of training batches. */
  public static final int TRAINING = 0;
  /** Stream id of the fixed validation set ({@link #fixedSet}; never augmented). */
  public static final int VALIDATION = 1;

  private final List<Sample> samples;
  private final RandomPatchSampler sampler;
  private final Augmenter augmenter;
  private final long seed;
  private final double foregroundShare;
  private final List<ClassLocations> locations;

  /** @param augmentation the augmentation of training patches, or null for none */
  public PatchStream(List<Sample> samples, int[] patchShape, AugmentationConfig augmentation, long seed) {
    this(samples, patchShape, augmentation, seed, 0);
  }

  /**
   * @param augmentation the augmentation of training patches, or null for none
   * @param foregroundShare share of training patches centred on foreground (0..1)
   */
  public PatchStream(List<Sample> samples, int[] patchShape, AugmentationConfig augmentation, long seed,
      double foregroundShare) {
    Objects.requireNonNull(samples, "samples == null");
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to draw patches from");
    }
    this.samples = List.copyOf(samples);
    this.sampler = new RandomPatchSampler(patchShape);
    this.augmenter = augmentation == null ? null : new Augmenter(augmentation);
    this.seed = seed;
    if (!(foregroundShare >= 0 && foregroundShare <= 1)) {
      throw new IllegalArgumentException("foregroundShare must be in 0..1, got " + foregroundShare);
    }
    this.foregroundShare = foregroundShare;
    this.locations = foregroundShare > 0
        ? this.samples.stream().map(s -> ClassLocations.of(s.label())).toList() : List.of();
  }

  /** The {@code batchSize} patches of one batch. */
  public List<Patch> batch(int stream, int epoch, int iteration, int batchSize) {
    List<Patch> out = new ArrayList<>(batchSize);
    for (int slot = 0; slot < batchSize; slot++) {
      SplittableRandom rng = new SplittableRandom(mix(seed, stream, epoch, iteration, slot));
      int index = rng.nextInt(samples.size());
      Sample sample = samples.get(index);
      try {
        Patch patch = foregroundShare > 0 && stream == TRAINING && rng.nextDouble() < foregroundShare
            ? sampler.sampleForeground(sample, locations.get(index), rng)
            : sampler.sample(sample, rng);
        if (augmenter != null && stream == TRAINING) {
          patch = augmenter.apply(patch, rng);
        }
        out.add(patch);
      } catch (RuntimeException e) {
        throw new IllegalStateException("patch of " + sample.caseId() + " (epoch " + epoch
            + ", iteration " + iteration + ", slot " + slot + "): " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * A fixed set of {@code count} patches (never augmented): patch {@code j} comes from sample
   * {@code j mod n} (so every sample contributes, in turn) at a crop drawn by
   * {@code new SplittableRandom(mix(seed, VALIDATION, j))}. The same stream always gives the same set:
   * a validation set that is the same every epoch and after a resume.
   */
  public List<Patch> fixedSet(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    List<Patch> out = new ArrayList<>(count);
    for (int j = 0; j < count; j++) {
      Sample sample = samples.get(j % samples.size());
      try {
        out.add(sampler.sample(sample, new SplittableRandom(mix(seed, VALIDATION, j))));
      } catch (RuntimeException e) {
        throw new IllegalStateException("validation patch " + j + " of " + sample.caseId() + ": "
            + e.getMessage(), e);
      }
    }
    return out;
  }

  /** SplitMix64-style mixing of a seed and a position into one 64-bit seed. */
  public static long mix(long seed, long... position) {
    long h = seed;
    for (long p : position) {
      h = splitmix(h ^ splitmix(p + 0x9E3779B97F4A7C15L));
    }
    return h;
  }

  private static long splitmix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
