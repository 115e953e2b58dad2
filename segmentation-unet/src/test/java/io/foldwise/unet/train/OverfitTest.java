package io.foldwise.unet.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.volume.Sample;
import io.foldwise.unet.TinyData;
import io.foldwise.unet.checkpoint.FileCheckpointStore;
import io.foldwise.unet.config.TrainingConfig;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.predict.Prediction;
import io.foldwise.unet.predict.Predictor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The U-Net can learn: it overfits two phantom patches (lung Dice > 0.9 on them). */
class OverfitTest {

  @Test
  void overfitsTwoPhantomPatches(@TempDir Path dir) throws Exception {
    // batch-norm momentum 0.9 (not MIScnn's 0.99): the moving statistics used at prediction time
    // must converge within this short training
    UnetConfig model = new UnetConfig(2, 8, 4, new int[] {32, 32, 8}, 1, 0.9, 1e-3, 42L);
    // volume = patch, so every "random" crop is the whole phantom; no augmentation
    List<Sample> data = TinyData.phantoms(2, 21, 32, 32, 8);
    TrainingConfig training = TrainingConfig.smoke().withEpochs(4).withIterations(20)
        .withBatch(2, 2).withLearningRate(1e-2).withAugment(false).withCallbacks(null, null);
    TrainingResult result = new Trainer(model, training, new FileCheckpointStore(dir), "overfit")
        .train(data, List.of());
    Trainer.releaseWorkspaces();
    double first = result.history().get(0).metric("loss");
    double last = result.history().get(3).metric("loss");
    assertTrue(last < first, "loss did not fall: " + first + " -> " + last);
    for (Sample s : data) {
      Prediction p = Predictor.predict(result.model(), model, s.image(), new int[] {0, 0, 0}, false);
      double dice = (dice(p.labels().data(), s.label().data(), 1) + dice(p.labels().data(), s.label().data(), 2)) / 2;
      System.out.println(s.caseId() + " lung Dice " + dice);
      assertTrue(dice > 0.9, s.caseId() + ": lung Dice " + dice + " after " + result.history());
    }
  }

  private static double dice(byte[] predicted, byte[] truth, int label) {
    long both = 0;
    long p = 0;
    long t = 0;
    for (int i = 0; i < truth.length; i++) {
      boolean a = predicted[i] == label;
      boolean b = truth[i] == label;
      both += a && b ? 1 : 0;
      p += a ? 1 : 0;
      t += b ? 1 : 0;
    }
    return 2.0 * both / (p + t);
  }
}
