package io.foldwise.worker.evaluate;

import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * An overlay figure of one case: the axial slice with the most foreground, CT in a lung window,
 * ground truth on the left and prediction on the right, classes coloured (1 green, 2 blue,
 * 3 red). Drawn off-screen; returns PNG bytes.
 */
final class OverlayPng {
  private static final int[] COLORS = {0, 0x2ca02c, 0x1f77b4, 0xd62728, 0xff7f0e, 0x9467bd};

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private OverlayPng() {}

  static byte[] png(String title, ImageVolume image, LabelVolume truth, LabelVolume prediction) throws IOException {
    int nx = image.geometry().nx();
    int ny = image.geometry().ny();
    int z = busiestSlice(truth);
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++) {
        float v = image.get(x, y, z);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    int scale = Math.max(1, 384 / Math.max(nx, ny));
    int w = nx * scale;
    int h = ny * scale;
    BufferedImage img = new BufferedImage(2 * w + 30, h + 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    draw(img, image, truth, z, lo, hi, scale, 10, 30);
    draw(img, image, prediction, z, lo, hi, scale, 20 + w, 30);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(title + " z=" + z + "   left: ground truth, right: prediction", 10, 20);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static void draw(BufferedImage img, ImageVolume image, LabelVolume labels, int z, float lo, float hi,
      int scale, int ox, int oy) {
    int nx = image.geometry().nx();
    int ny = image.geometry().ny();
    float range = hi > lo ? hi - lo : 1;
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++) {
        int gray = Math.round(255 * (image.get(x, y, z) - lo) / range);
        int rgb = (gray << 16) | (gray << 8) | gray;
        int label = labels.get(x, y, z);
        if (label > 0) {
          int c = COLORS[Math.min(label, COLORS.length - 1)];
          rgb = blend(rgb, c, 0.45);
        }
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            // image rows top to bottom = y descending, as radiological viewers show axial slices
            img.setRGB(ox + x * scale + dx, oy + (ny - 1 - y) * scale + dy, rgb);
          }
        }
      }
    }
  }

  private static int blend(int a, int b, double alpha) {
    int r = (int) (((a >> 16) & 255) * (1 - alpha) + ((b >> 16) & 255) * alpha);
    int gg = (int) (((a >> 8) & 255) * (1 - alpha) + ((b >> 8) & 255) * alpha);
    int bb = (int) ((a & 255) * (1 - alpha) + (b & 255) * alpha);
    return (r << 16) | (gg << 8) | bb;
  }

  static int busiestSlice(LabelVolume labels) {
    int nx = labels.geometry().nx();
    int ny = labels.geometry().ny();
    int best = labels.geometry().nz() / 2;
    long bestCount = -1;
    for (int z = 0; z < labels.geometry().nz(); z++) {
      long count = 0;
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          if (labels.get(x, y, z) > 0) {
            count++;
          }
        }
      }
      if (count > bestCount) {
        bestCount = count;
        best = z;
      }
    }
    return best;
  }
}
