package io.foldwise.worker.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CurvePlotTest {
  @Test
  void drawsOneColouredLinePerFold() throws Exception {
    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("fold 0", List.of(3.0, 2.0, 1.0));
    series.put("fold 1", List.of(2.5, 2.2, Double.NaN));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(CurvePlot.png("t", "loss", series)));
    assertEquals(900, img.getWidth());
    assertEquals(560, img.getHeight());
    // the first fold's first point (epoch 1, highest value) sits at the plot's top-left corner, in its colour
    assertEquals(0x1f77b4, img.getRGB(90, 50) & 0xffffff);
    // legend swatches of both folds
    assertEquals(0x1f77b4, img.getRGB(770, 65) & 0xffffff);
    assertEquals(0xff7f0e, img.getRGB(770, 87) & 0xffffff);
    // fold 0's last point (epoch 3, lowest value) at the bottom-right corner; fold 1 has no epoch 3 (NaN)
    assertEquals(0x1f77b4, img.getRGB(750, 490) & 0xffffff);
  }

  @Test
  void aValidationSeriesIsDashedInItsFoldsColour() throws Exception {
    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("fold 0", List.of(3.0, 3.0));
    series.put("fold 0" + CurvePlot.VALIDATION, List.of(1.0, 1.0));
    series.put("fold 1", List.of(2.0, 2.0));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(CurvePlot.png("t", "loss", series)));
    // training at the top edge (y 50), validation at the bottom edge (y 490): same colour
    assertEquals(0x1f77b4, img.getRGB(400, 50) & 0xffffff);
    // the dashed line has gaps along y 490; the solid one none along y 50
    int solidGaps = 0;
    int dashedGaps = 0;
    for (int x = 100; x < 740; x++) {
      solidGaps += (img.getRGB(x, 50) & 0xffffff) == 0x1f77b4 ? 0 : 1;
      dashedGaps += (img.getRGB(x, 490) & 0xffffff) == 0x1f77b4 ? 0 : 1;
    }
    assertEquals(0, solidGaps);
    assertTrue(dashedGaps > 100, "dashed line gaps " + dashedGaps);
    // legend: fold 0, fold 0 validation (fold 0's colour), fold 1 in the next colour
    assertEquals(0x1f77b4, img.getRGB(770, 65) & 0xffffff);
    assertEquals(0x1f77b4, img.getRGB(768, 87) & 0xffffff);
    assertEquals(0xff7f0e, img.getRGB(770, 109) & 0xffffff);
  }
}
