package io.foldwise.bench;

import io.foldwise.segmentation.augment.AugmentationConfig;
import io.foldwise.segmentation.augment.Augmenter;
import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.transform.spatial.Slabs;
import io.foldwise.segmentation.volume.Geometry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Augmentation speed on 160x160x80 training patches: the MIScnn configuration (p = 0.15 per
 * transform), patches/s on 1 thread and with one patch per thread on all processors; plus the
 * worst case with every transform forced on.
 */
public final class AugmentBench {
  static final int[] PATCH = {160, 160, 80};
  static final int PATCHES = 24;

  private AugmentBench() {}

  public static Map<String, Object> run() throws Exception {
    Geometry g = Geometry.of(PATCH, new double[] {1.58, 1.58, 2.70});
    float[] image = ResampleBench.ctLike(g, 2, 30);
    for (int i = 0; i < image.length; i++) {
      image[i] = (image[i] + 500) / 500; // roughly z-scored
    }
    Patch patch = new Patch(PATCH, image, ResampleBench.lungsLike(g));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("patch", "160x160x80, MIScnn augmentation, " + PATCHES + " patches per measurement");
    Augmenter miscnn = new Augmenter(AugmentationConfig.miscnn());
    int all = Slabs.defaultThreads();
    for (int threads : all > 1 ? new int[] {1, all} : new int[] {1}) {
      BenchTimer.Timing t = BenchTimer.time(1, 3, () -> batch(miscnn, patch, PATCHES, threads));
      String wall = String.format("%.2f patches/s", PATCHES / t.wallSeconds());
      out.put("miscnn, " + threads + " thread(s)", threads > 1 ? wall
          : wall + String.format("; %.2f patches per CPU-second", PATCHES / t.cpuSeconds()));
    }
    AugmentationConfig m = AugmentationConfig.miscnn();
    AugmentationConfig forced = new AugmentationConfig(m.mirrorAxes(), 0.5, 1, m.contrast(), 1,
        m.brightness(), 1, m.gamma(), 1, m.noiseVariance(), 1, m.elasticAlpha(), m.elasticSigma(),
        1, m.rotationDegrees(), 1, m.scaling(), m.imageInterpolation());
    Augmenter all1 = new Augmenter(forced);
    BenchTimer.Timing t = BenchTimer.time(1, 3, () -> batch(all1, patch, 4, 1));
    out.put("every transform on (elastic σ 9-13), 1 thread",
        String.format("%.2f s/patch (%.2f s CPU)", t.wallSeconds() / 4, t.cpuSeconds() / 4));
    AugmentationConfig noElastic = new AugmentationConfig(m.mirrorAxes(), 0.5, 1, m.contrast(), 1,
        m.brightness(), 1, m.gamma(), 1, m.noiseVariance(), 0, m.elasticAlpha(), m.elasticSigma(),
        1, m.rotationDegrees(), 1, m.scaling(), m.imageInterpolation());
    Augmenter rigid = new Augmenter(noElastic);
    t = BenchTimer.time(1, 3, () -> batch(rigid, patch, 4, 1));
    out.put("every transform on except elastic, 1 thread",
        String.format("%.2f s/patch (%.2f s CPU)", t.wallSeconds() / 4, t.cpuSeconds() / 4));
    return out;
  }

  /** Augments {@code n} patches, patch k with seed k, spread over threads. */
  static void batch(Augmenter augmenter, Patch patch, int n, int threads) {
    AtomicInteger next = new AtomicInteger();
    Slabs.run(threads, threads, t -> {
      for (int k = next.getAndIncrement(); k < n; k = next.getAndIncrement()) {
        augmenter.apply(patch, new SplittableRandom(k));
      }
    });
  }

}
