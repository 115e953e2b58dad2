package io.foldwise.worker.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
