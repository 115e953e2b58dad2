package io.foldwise.worker.download;

import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.segmentation.dataset.CasePair;
import io.foldwise.segmentation.dataset.DatasetLayout;
import io.foldwise.segmentation.volume.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pairs the extracted images with their masks and reads every case once, so a broken data set fails
 * here, terminally, with the case and the problem named: unreadable NIfTI, image and mask on
 * different grids, a label outside the configured classes.
 */
final class DatasetCheck {
  private DatasetCheck() {}

  static List<CasePair> check(Path images, Path masks, List<String> classes, Consumer<String> progress) {
    List<CasePair> pairs;
    try {
      pairs = DatasetLayout.pair(images, masks);
    } catch (IOException e) {
      throw new InvalidInputException("data set: " + e.getMessage(), e);
    }
    int i = 0;
    for (CasePair pair : pairs) {
      Sample sample;
      try {
        sample = pair.load();
      } catch (IOException | IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        throw new InvalidInputException(message.startsWith(pair.caseId()) ? message
            : "case " + pair.caseId() + ": " + message, e);
      }
      try {
        sample.label().classCounts(classes.size());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("case " + pair.caseId() + " (mask " + pair.mask().getFileName()
            + "): " + e.getMessage() + " (classes: " + String.join(", ", classes) + ")", e);
      }
      progress.accept("checked " + (++i) + "/" + pairs.size() + ": " + pair.caseId() + " "
          + sample.image().geometry());
    }
    return pairs;
  }
}
