package io.foldwise.segmentation.explore;

import io.foldwise.segmentation.dataset.ClassNames;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The exploration's PNG plots, drawn with java.awt off-screen (headless: no display needed):
 * an intensity histogram over all cases (log-scaled counts) and a bar chart of the mean class
 * frequencies. Both have a title and labelled axes.
 */
final class Plots {
  static final int WIDTH = 900;
  static final int HEIGHT = 560;
  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Plots() {}

  static void histogram(IntensityHistogram h, Path file) throws IOException {
    long[] counts = h.counts();
    double maxLog = 1;
    for (long c : counts) {
      maxLog = Math.max(maxLog, Math.log10(1 + c));
    }
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    int pw = WIDTH - LEFT - RIGHT;
    int ph = HEIGHT - TOP - BOTTOM;
    g.setColor(new Color(70, 110, 170));
    for (int i = 0; i < counts.length; i++) {
      int x0 = LEFT + (int) Math.round((double) i * pw / counts.length);
      int x1 = LEFT + (int) Math.round((double) (i + 1) * pw / counts.length);
      int bh = (int) Math.round(Math.log10(1 + counts[i]) / maxLog * ph);
      g.fillRect(x0, TOP + ph - bh, Math.max(1, x1 - x0), bh);
    }
    axes(g, "Intensity histogram over all cases (" + h.below() + " voxels below, " + h.above()
        + " above the range)", "intensity (HU, or 0..255 for windowed cases)",
        "voxels (log10(1 + count))");
    // x ticks every quarter of the range
    for (int t = 0; t <= 4; t++) {
      double value = h.low() + t * (h.high() - h.low()) / 4;
      int x = LEFT + t * pw / 4;
      tick(g, x, TOP + ph, String.format(Locale.ROOT, "%.0f", value), true);
    }
    for (int t = 0; t <= 4; t++) {
      int y = TOP + ph - t * ph / 4;
      tick(g, LEFT, y, String.format(Locale.ROOT, "%.1f", maxLog * t / 4), false);
    }
    g.dispose();
    write(img, file);
  }

  static void classDistribution(ClassNames names, double[] frequency, Path file)
      throws IOException {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    int pw = WIDTH - LEFT - RIGHT;
    int ph = HEIGHT - TOP - BOTTOM;
    int k = frequency.length;
    Color[] colors = {new Color(150, 150, 150), new Color(60, 120, 200), new Color(60, 170, 90),
        new Color(210, 80, 60)};
    FontMetrics fm = g.getFontMetrics();
    for (int c = 0; c < k; c++) {
      int slot = pw / k;
      int x0 = LEFT + c * slot + slot / 5;
      int bw = slot * 3 / 5;
      int bh = (int) Math.round(frequency[c] * ph);
      g.setColor(colors[c % colors.length]);
      g.fillRect(x0, TOP + ph - bh, bw, bh);
      g.setColor(Color.BLACK);
      String value = String.format(Locale.ROOT, "%.3f", frequency[c]);
      g.drawString(value, x0 + (bw - fm.stringWidth(value)) / 2, TOP + ph - bh - 4);
      String name = names.name(c);
      g.drawString(name, x0 + (bw - fm.stringWidth(name)) / 2, TOP + ph + 18);
    }
    axes(g, "Mean class frequency over all cases", "class", "fraction of voxels");
    for (int t = 0; t <= 4; t++) {
      int y = TOP + ph - t * ph / 4;
      tick(g, LEFT, y, String.format(Locale.ROOT, "%.2f", t / 4.0), false);
    }
    g.dispose();
    write(img, file);
  }

  private static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    return g;
  }

  private static void axes(Graphics2D g, String title, String xLabel, String yLabel) {
    int ph = HEIGHT - TOP - BOTTOM;
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.5f));
    g.drawLine(LEFT, TOP + ph, WIDTH - RIGHT, TOP + ph);
    g.drawLine(LEFT, TOP, LEFT, TOP + ph);
    Font base = g.getFont();
    g.setFont(base.deriveFont(Font.BOLD, 15f));
    FontMetrics fm = g.getFontMetrics();
    g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, TOP - 20);
    g.setFont(base);
    fm = g.getFontMetrics();
    g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(xLabel)) / 2,
        HEIGHT - 20);
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(TOP + (ph + fm.stringWidth(yLabel)) / 2), 22);
    g.setTransform(saved);
  }

  private static void tick(Graphics2D g, int x, int y, String label, boolean xAxis) {
    g.setColor(Color.BLACK);
    FontMetrics fm = g.getFontMetrics();
    if (xAxis) {
      g.drawLine(x, y, x, y + 5);
      g.drawString(label, x - fm.stringWidth(label) / 2, y + 20);
    } else {
      g.drawLine(x - 5, y, x, y);
      g.drawString(label, x - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
  }

  private static void write(BufferedImage img, Path file) throws IOException {
    if (!ImageIO.write(img, "png", file.toFile())) {
      throw new IOException("no PNG writer available to write " + file);
    }
  }
}
