package io.foldwise.worker.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class OverlayPngTest {
  final Geometry g = Geometry.of(new int[] {8, 6, 4}, new double[] {1, 1, 2});

  LabelVolume labels(int z, int count, int label) {
    byte[] data = new byte[g.voxelCount()];
    for (int i = 0; i < count; i++) {
      data[g.index(i % 8, i / 8, z)] = (byte) label;
    }
    return new LabelVolume(g, data);
  }

  @Test
  void showsTheSliceWithTheMostForeground() {
    byte[] data = labels(1, 5, 1).data().clone();
    byte[] more = labels(2, 9, 2).data();
    for (int i = 0; i < data.length; i++) {
      data[i] |= more[i];
    }
    assertEquals(2, OverlayPng.busiestSlice(new LabelVolume(g, data)));
  }

  @Test
  void coloursTruthLeftAndPredictionRight() throws Exception {
    ImageVolume image = new ImageVolume(g, new float[g.voxelCount()]);
    byte[] png = OverlayPng.png("case", image, labels(2, 1, 1), labels(2, 1, 3));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    int scale = 384 / 8;
    assertEquals(2 * 8 * scale + 30, img.getWidth());
    // voxel (0, 0) is drawn at the bottom-left of each panel: green (label 1) left, red (label 3) right
    int y = 30 + 5 * scale + 1;
    int left = img.getRGB(10 + 1, y) & 0xffffff;
    int right = img.getRGB(20 + 8 * scale + 1, y) & 0xffffff;
    assertEquals(0x2ca02c, blendFromBlack(left, 0x2ca02c));
    assertEquals(0xd62728, blendFromBlack(right, 0xd62728));
  }

  /** Undo the 45 % blend over a black CT pixel: returns the colour that was blended in. */
  private static int blendFromBlack(int rgb, int expected) {
    int r = (rgb >> 16) & 255;
    int gg = (rgb >> 8) & 255;
    int b = rgb & 255;
    int er = (int) (((expected >> 16) & 255) * 0.45);
    int eg = (int) (((expected >> 8) & 255) * 0.45);
    int eb = (int) ((expected & 255) * 0.45);
    return r == er && gg == eg && b == eb ? expected : rgb;
  }
}
