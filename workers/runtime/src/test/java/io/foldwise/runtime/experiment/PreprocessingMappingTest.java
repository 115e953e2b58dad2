package io.foldwise.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.segmentation.preprocess.PreprocessingConfig;
import io.foldwise.segmentation.transform.spatial.Interpolation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PreprocessingMappingTest {
  @Test
  void covid19MiscnnIsTheSeedPipeline() {
    ExperimentConfig c = ExperimentConfig.load(Path.of("../../experiments/covid19-miscnn.yaml"));
    assertEquals(PreprocessingConfig.miscnn(), PreprocessingMapping.of(c.preprocessing()));
  }

  @Test
  void phantomSmokeUsesItsOwnSpacingAndLinearImages() {
    ExperimentConfig c = ExperimentConfig.load(Path.of("../../experiments/phantom-smoke.yaml"));
    PreprocessingConfig p = PreprocessingMapping.of(c.preprocessing());
    assertEquals(PreprocessingConfig.miscnn().withTargetSpacing(new double[] {0.75, 0.75, 1.5})
        .withImageInterpolation(Interpolation.LINEAR), p);
  }
}
