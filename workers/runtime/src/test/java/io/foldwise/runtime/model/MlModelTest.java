package io.foldwise.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.runtime.experiment.ExperimentConfig;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MlModelTest {
  static final ExperimentConfig SMOKE = ExperimentConfig.load(Path.of("../../experiments/phantom-smoke.yaml"));
  static final Instant CREATED = Instant.parse("2026-12-03T08:15:30.123456Z");

  static MlModel smokeFold1() {
    return MlModel.of(SMOKE, 1, "0123456789abcdef0123456789abcdef", CREATED,
        "nd4j-native linux-x86_64-onednn-avx2 (FOLDWISE_NATIVE=avx2); direct oneDNN layers on, ISA avx2; OpenMP threads 2",
        "e45dfc6");
  }

  @Test
  void writesTheMlflowKeysAndTheFlavorWithEverythingPredictionNeeds() {
    assertEquals("""
        artifact_path: model
        flavors:
          foldwise_dl4j:
            data: model.zip
            format: dl4j_computation_graph
            loader: io.foldwise.unet.model.ModelIO.read
            architecture: unet3d_standard
            depth: 2
            base_filters: 8
            bn_momentum: 0.9
            input_patch: [32, 32, 4]  # x, y, z voxels on the preprocessed grid
            input_channels: 1
            tensor_layout: NDHWC
            output: softmax
            classes: ["background", "lung_L", "lung_R", "infection"]  # label value = position
            spacing_mm: [0.75, 0.75, 1.5]
            preprocessing:
              clip: [-1250.0, 250.0]
              grayscale: true
              target_spacing: [0.75, 0.75, 1.5]
              image_interpolation: "linear"
              label_interpolation: "linear_rounded"
              zscore: true
            sliding_window:
              overlap: [16, 16, 2]
              gaussian: true
              mirror: []  # test-time mirroring axes, softmax averaged
              mirror_swap: {}  # classes that trade places when x is mirrored
            native_build: "nd4j-native linux-x86_64-onednn-avx2 (FOLDWISE_NATIVE=avx2); direct oneDNN layers on, ISA avx2; OpenMP threads 2"
        metadata:
          foldwise.experiment: "phantom-smoke"
          foldwise.config_hash: "%s"
          foldwise.fold: 1
          foldwise.code_version: "e45dfc6"
          foldwise.registered_model: "phantom-smoke-fold-1"
          foldwise.predict: "./foldwise predict --model phantom-smoke-fold-1 --input scan.nii.gz --out seg.nii.gz"
        model_uuid: %s
        run_id: "0123456789abcdef0123456789abcdef"
        utc_time_created: '2026-12-03 08:15:30.123456'
        """.formatted(SMOKE.hash(), smokeFold1().modelUuid()), smokeFold1().render());
  }

  @Test
  void theModelUuidIsMlflowsHexFormAndStableForARunAndFold() {
    assertEquals(32, smokeFold1().modelUuid().length());
    assertEquals(true, smokeFold1().modelUuid().matches("[0-9a-f]{32}"));
    assertEquals(smokeFold1().modelUuid(), smokeFold1().modelUuid());
    assertEquals(false, smokeFold1().modelUuid().equals(MlModel.of(SMOKE, 2, "0123456789abcdef0123456789abcdef",
        CREATED, "x", "y").modelUuid()));
  }

  @Test
  void readsBackWhatItWrote() {
    MlModel m = smokeFold1();
    MlModel back = MlModel.parse(m.render(), "MLmodel");
    assertEquals(m, back);
    assertEquals(m.render(), back.render());
    assertEquals(SMOKE.preprocessing(), back.preprocessing());
    assertEquals(SMOKE.model(), back.model());
    assertEquals(SMOKE.data().classes(), back.classes());
  }

  @Test
  void carriesTestTimeMirroringAndReadsModelsRegisteredBeforeIt() throws Exception {
    String yaml = java.nio.file.Files.readString(Path.of("../../experiments/phantom-smoke.yaml"))
        .replace("  gaussian: true", "  gaussian: true\n  mirror: [x, z]\n  mirror_swap: {lung_R: lung_L}");
    MlModel m = MlModel.of(ExperimentConfig.parse(yaml, "phantom-smoke.yaml"), 0, "0123456789abcdef0123456789abcdef",
        CREATED, "x", "y");
    assertEquals(true, m.render().contains("      mirror: [\"x\", \"z\"]  # test-time mirroring axes, softmax averaged\n"
        + "      mirror_swap: {\"lung_R\": \"lung_L\"}  # classes that trade places when x is mirrored\n"), m.render());
    MlModel back = MlModel.parse(m.render(), "MLmodel");
    assertEquals(java.util.List.of("x", "z"), back.mirror());
    assertEquals(java.util.Map.of("lung_R", "lung_L"), back.mirrorSwap());
    // an MLmodel written before mirroring existed: its model was evaluated without it, and is read so
    String old = smokeFold1().render().replaceAll("      mirror.*\n", "");
    MlModel before = MlModel.parse(old, "old/1 MLmodel");
    assertEquals(java.util.List.of(), before.mirror());
    assertEquals(java.util.Map.of(), before.mirrorSwap());
  }

  @Test
  void refusesAFileOfAnotherFlavor() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlModel.parse("""
        artifact_path: model
        flavors:
          python_function: {loader_module: mlflow.sklearn}
          sklearn: {pickled_model: model.pkl}
        run_id: abc
        """, "iris/1 MLmodel"));
    assertEquals("iris/1 MLmodel: has no 'foldwise_dl4j' flavor (flavors: [python_function, sklearn]); it is not a "
        + "Foldwise U-Net model", e.getMessage());
  }

  @Test
  void namesAMissingKey() {
    String text = smokeFold1().render().replace("      zscore: true\n", "");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlModel.parse(text, "m/1 MLmodel"));
    assertEquals("m/1 MLmodel: MLmodel lacks 'zscore'; register the model again (the evaluate stage writes it)",
        e.getMessage());
  }
}
