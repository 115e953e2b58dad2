package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.TinyData;
import io.foldwise.unet.checkpoint.FileCheckpointStore;
import io.foldwise.unet.config.EarlyStoppingConfig;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.data.PatchStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {

  @Test
  void validationMetricsAreRecordedAndCanBeMonitored(@TempDir Path dir) throws Exception {
    List<Sample> data = TinyData.phantoms(3, 9, 24, 20, 10);
    TrainingConfig training = TrainingConfig.smoke().withEpochs(2).withIterations(1)
        .withValidationBatches(2)
        .withCallbacks(null, new EarlyStoppingConfig("val_loss", 1));
    TrainingResult r = new Trainer(UnetConfig.smoke(), training, new FileCheckpointStore(dir), "v")
        .train(data.subList(0, 2), data.subList(2, 3));
    assertEquals(Set.of("loss", "tversky_loss", "dice_soft", "dice_crossentropy", "val_loss",
        "val_tversky_loss", "val_dice_soft", "val_dice_crossentropy"), r.history().get(0).metrics().keySet());
    double valDice = r.history().get(0).metric("val_dice_soft");
    assertTrue(valDice > 0 && valDice < 1, "val_dice_soft " + valDice);
  }

  @Test
  void theValidationSetIsFixedSeededAndVisitsEveryCase() {
    // three cases whose voxels hold case * 10000 + voxel index: a patch tells its case and its crop
    List<Sample> data = new ArrayList<>();
    Geometry g = Geometry.of(new int[] {24, 20, 10}, new double[] {1, 1, 1});
    for (int c = 0; c < 3; c++) {
      float[] image = new float[g.voxelCount()];
      for (int i = 0; i < image.length; i++) {
        image[i] = c * 10000 + i;
      }
      byte[] labels = new byte[g.voxelCount()];
      data.add(new Sample("case_" + c, new ImageVolume(g, image), new LabelVolume(g, labels)));
    }
    List<Patch> a = new PatchStream(data, new int[] {8, 8, 4}, null, 5).fixedSet(6);
    List<Patch> b = new PatchStream(data, new int[] {8, 8, 4}, null, 5).fixedSet(6);
    assertEquals(a, b);
    for (int j = 0; j < 6; j++) {
      assertEquals(j % 3, (int) (a.get(j).image()[0] / 10000), "patch " + j);
    }
    List<Patch> other = new PatchStream(data, new int[] {8, 8, 4}, null, 6).fixedSet(6);
    assertNotEquals(a, other, "another seed gives other crops");
  }

  @Test
  void aMonitorNoEpochRecordsIsRefusedBeforeTraining(@TempDir Path dir) {
    List<Sample> data = TinyData.phantoms(2, 9, 24, 20, 10);
    TrainingConfig typo = TrainingConfig.smoke().withCallbacks(null, new EarlyStoppingConfig("val_los", 1))
        .withValidationBatches(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(UnetConfig.smoke(), typo, new FileCheckpointStore(dir), "v")
            .train(data.subList(0, 1), data.subList(1, 2)));
    assertEquals("earlyStopping.monitor 'val_los' is not a recorded metric; recorded: loss, tversky_loss, dice_soft, "
        + "dice_crossentropy, val_loss, val_tversky_loss, val_dice_soft, val_dice_crossentropy", e.getMessage());
    TrainingConfig noValidation = TrainingConfig.smoke().withCallbacks(null, new EarlyStoppingConfig("val_loss", 1));
    e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(UnetConfig.smoke(), noValidation, new FileCheckpointStore(dir), "v")
            .train(data.subList(0, 1), List.of()));
    assertEquals("earlyStopping.monitor 'val_loss' is not a recorded metric; recorded: loss, tversky_loss, dice_soft, "
        + "dice_crossentropy (val_ metrics need validation samples and validationBatches > 0)", e.getMessage());
  }
}
