package io.foldwise.segmentation.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.transform.SampleTransform;
import io.foldwise.segmentation.transform.intensity.ZScore;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import io.foldwise.segmentation.transform.spatial.LabelInterpolation;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreprocessingPipelineTest {
  @Test
  void seedStepsRunInMiscnnOrder() {
    List<String> names = PreprocessingPipeline.of(PreprocessingConfig.miscnn()).steps().stream()
        .map(SampleTransform::name).toList();
    assertEquals(List.of("clip(-1250.0, 250.0)", "grayscale(0, 255)",
        "resample([1.58, 1.58, 2.7], image cubic, label linear_rounded)", "zscore"), names);
    assertEquals(PreprocessingConfig.miscnn(), PreprocessingConfig.defaults());
  }

  @Test
  void optionalStepsCanBeLeftOut() {
    PreprocessingConfig c = new PreprocessingConfig(-1000, 400, false, new double[] {1, 1, 1},
        Interpolation.LINEAR, LabelInterpolation.NEAREST, false);
    List<String> names = PreprocessingPipeline.of(c).steps().stream()
        .map(SampleTransform::name).toList();
    assertEquals(List.of("clip(-1000.0, 400.0)",
        "resample([1.0, 1.0, 1.0], image linear, label nearest)"), names);
  }

  @Test
  void clipThenGrayscaleGivesKnownValues() {
    // spacing already at the target: resampling is the identity, so values are exact
    Geometry g = Geometry.of(new int[] {4, 1, 1}, new double[] {1.58, 1.58, 2.70});
    Sample s = new Sample("case_1", new ImageVolume(g, new float[] {-3000, -500, 250, 900}), null);
    PreprocessingConfig noZ = new PreprocessingConfig(-1250, 250, true,
        new double[] {1.58, 1.58, 2.70}, Interpolation.CUBIC, LabelInterpolation.LINEAR_ROUNDED, false);
    Sample out = PreprocessingPipeline.of(noZ).apply(s);
    // clipped to [-1250, 250] first, so min -1250 -> 0 and max 250 -> 255 (not -3000 / 900)
    assertArrayEquals(new float[] {0f, 127.5f, 255f, 255f}, out.image().data(), 1e-4f);
  }

  @Test
  void seedPipelineResamplesAndStandardises() {
    Geometry g = Geometry.of(new int[] {40, 36, 21}, new double[] {0.7, 0.7, 1.0});
    float[] hu = new float[g.voxelCount()];
    byte[] labels = ResamplerTest.blobs(g);
    for (int i = 0; i < hu.length; i++) {
      hu[i] = labels[i] == 0 ? 40 : (labels[i] == 3 ? -300 : -850);
    }
    Sample s = new Sample("coronacases_001", new ImageVolume(g, hu), new LabelVolume(g, labels));
    PreprocessingPipeline p = PreprocessingPipeline.of(PreprocessingConfig.miscnn());
    Sample out = p.apply(s);
    assertArrayEquals(new int[] {17, 15, 7}, out.image().geometry().shape());
    assertEquals(out.image().geometry(), out.label().geometry());
    double[] ms = ZScore.meanAndSd(out.image().data());
    assertEquals(0, ms[0], 1e-5);
    assertEquals(1, ms[1], 1e-5);
    assertEquals(Set.of(0, 1, 2, 3), ResamplerTest.labelSet(out.label().data()));
    LabelVolume restored = p.restore(out.label(), g);
    assertEquals(g, restored.geometry());
    assertTrue(ResamplerTest.labelSet(restored.data()).containsAll(Set.of(0, 1, 2)));
  }

  @Test
  void failuresNameTheCaseAndTheStep() {
    Geometry g = Geometry.of(new int[] {2, 1, 1}, new double[] {1, 1, 1});
    Sample s = new Sample("coronacases_004", new ImageVolume(g, new float[] {0, Float.NaN}), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PreprocessingPipeline.of(PreprocessingConfig.miscnn()).apply(s));
    assertEquals("preprocess coronacases_004: grayscale(0, 255): grayscale normalisation: the image "
        + "contains NaN; fix or mask the input volume", e.getMessage());
  }

  @Test
  void badConfigsAreRejectedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PreprocessingConfig.miscnn().withTargetSpacing(new double[] {1.58, -1, 2.7}));
    assertEquals("targetSpacing must be positive and finite, got [1.58, -1.0, 2.7]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PreprocessingConfig(250, 250, true,
        new double[] {1, 1, 1}, Interpolation.CUBIC, LabelInterpolation.NEAREST, true));
    assertEquals("clip must be [min, max] with finite min < max, got [250.0, 250.0]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Interpolation.parse("quintic"));
    assertEquals("image interpolation must be linear or cubic, got quintic", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LabelInterpolation.parse("linear"));
    assertEquals("label interpolation must be nearest or linear_rounded, got linear", e.getMessage());
    assertEquals(LabelInterpolation.LINEAR_ROUNDED, LabelInterpolation.parse("linear_rounded"));
    assertEquals(Interpolation.CUBIC, Interpolation.parse("Cubic"));
  }

  @Test
  void configIsImmutable() {
    double[] spacing = {1, 2, 3};
    PreprocessingConfig c = PreprocessingConfig.miscnn().withTargetSpacing(spacing);
    spacing[0] = 9;
    c.targetSpacing()[1] = 9;
    assertArrayEquals(new double[] {1, 2, 3}, c.targetSpacing());
  }
}
