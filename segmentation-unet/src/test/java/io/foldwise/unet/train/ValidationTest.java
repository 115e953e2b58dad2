package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.TinyData;
import io.foldwise.unet.checkpoint.FileCheckpointStore;
import io.foldwise.unet.config.EarlyStoppingConfig;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import java.nio.file.Path;
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
}
