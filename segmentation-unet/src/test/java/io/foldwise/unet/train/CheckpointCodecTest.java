package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.UnetFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class CheckpointCodecTest {

  @Test
  void stateAndModelRoundTripIncludingUnsetValues() throws IOException {
    ComputationGraph graph = UnetFactory.create(UnetConfig.smoke(), TrainingConfig.smoke());
    TrainingState fresh = TrainingState.initial("c", "s", 1e-3, 7, "-onednn-avx512, threads 2", List.of("v1"));
    TrainingState state = fresh.afterEpoch(
        new EpochResult(1, Map.of("loss", 0.5, "dice_soft", 0.25), 1e-3, 3, 1.5),
        1e-4, new ReduceLrOnPlateau.State(0.5, 1, 0), fresh.earlyStopping(), false, 0.5, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointCodec.write(state, graph, out);

    TrainingState back = CheckpointCodec.readState(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(state, back); // early-stopping best is still NaN: survives JSON
    assertEquals(List.of(1), back.history().stream().map(EpochResult::epoch).toList());
    ComputationGraph model = CheckpointCodec.readModel(new ByteArrayInputStream(out.toByteArray()));
    assertArrayEquals(graph.params().toFloatVector(), model.params().toFloatVector());
  }

  @Test
  void aZipWithoutStateIsRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("model.zip"));
      zip.closeEntry();
    }
    IOException e = assertThrows(IOException.class,
        () -> CheckpointCodec.readState(new ByteArrayInputStream(out.toByteArray())));
    assertEquals("not a Foldwise checkpoint: expected entry state.json, found model.zip", e.getMessage());
  }
}
