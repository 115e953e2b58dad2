package io.foldwise.worker.aggregate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The seed's result plot: one metric per epoch, one line per fold, drawn off-screen with java.awt
 * (title, labelled axes, legend). A series labelled {@code "<label> validation"} is drawn dashed in the
 * colour of {@code "<label>"}: training and validation curves of a fold side by side, as the seed's
 * figures show {@code loss} and {@code val_loss}. Returns PNG bytes.
 */
final class CurvePlot {
  private static final int W = 900;
  private static final int H = 560;
  private static final int L = 90;
  private static final int R = 150;
  private static final int T = 50;
  private static final int B = 70;
  private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14),
      new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Suffix of a validation series' label. */
  static final String VALIDATION = " validation";

  private CurvePlot() {}

  /** {@code series}: fold label → values of epochs 1..n. */
  static byte[] png(String title, String yLabel, Map<String, List<Double>> series) throws IOException {
    int maxEpochs = 1;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Double> s : series.values()) {
      maxEpochs = Math.max(maxEpochs, s.size());
      for (double v : s) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(lo <= hi)) {
      lo = 0;
      hi = 1;
    }
    if (hi - lo < 1e-9) {
      hi = lo + 1;
    }
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int pw = W - L - R;
    int ph = H - T - B;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, L, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawRect(L, T, pw, ph);
    for (int i = 0; i <= 4; i++) {
      double v = lo + (hi - lo) * i / 4;
      int y = T + ph - (int) Math.round((double) ph * i / 4);
      g.drawLine(L - 5, y, L, y);
      g.drawString(String.format(Locale.ROOT, "%.3f", v), 20, y + 5);
    }
    for (int e = 1; e <= maxEpochs; e++) {
      int x = xOf(e, maxEpochs, pw);
      g.drawLine(x, T + ph, x, T + ph + 5);
      if (maxEpochs <= 20 || e % Math.max(1, maxEpochs / 10) == 0) {
        g.drawString(String.valueOf(e), x - 4, T + ph + 20);
      }
    }
    g.drawString("epoch", L + pw / 2 - 20, H - 20);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(T + ph / 2 + 40), 14);
    rotated.dispose();
    int c = 0;
    Map<String, Color> colours = new HashMap<>();
    for (Map.Entry<String, List<Double>> s : series.entrySet()) {
      boolean validation = s.getKey().endsWith(VALIDATION);
      String base = validation ? s.getKey().substring(0, s.getKey().length() - VALIDATION.length()) : s.getKey();
      Color color = colours.computeIfAbsent(base, k -> COLORS[colours.size() % COLORS.length]);
      g.setColor(color);
      BasicStroke stroke = validation
          ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f)
          : new BasicStroke(2f);
      g.setStroke(stroke);
      List<Double> v = s.getValue();
      for (int i = 0; i < v.size(); i++) {
        if (!Double.isFinite(v.get(i))) {
          continue; // an epoch without this metric: no point, no line to it
        }
        int x = xOf(i + 1, maxEpochs, pw);
        int y = T + ph - (int) Math.round(ph * (v.get(i) - lo) / (hi - lo));
        g.fillOval(x - 3, y - 3, 6, 6);
        if (i > 0 && Double.isFinite(v.get(i - 1))) {
          int px = xOf(i, maxEpochs, pw);
          int py = T + ph - (int) Math.round(ph * (v.get(i - 1) - lo) / (hi - lo));
          g.drawLine(px, py, x, y);
        }
      }
      int ly = T + 20 + 22 * c;
      g.setStroke(stroke);
      g.drawLine(L + pw + 15, ly - 5, L + pw + 40, ly - 5);
      g.setColor(Color.BLACK);
      g.drawString(s.getKey(), L + pw + 48, ly);
      c++;
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static int xOf(int epoch, int maxEpochs, int pw) {
    return maxEpochs == 1 ? L + pw / 2 : L + (int) Math.round((double) pw * (epoch - 1) / (maxEpochs - 1));
  }
}
