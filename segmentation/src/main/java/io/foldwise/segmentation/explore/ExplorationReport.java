package io.foldwise.segmentation.explore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.foldwise.segmentation.dataset.ClassNames;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of an {@link Exploration}: the per-case rows, the summary and the intensity histogram,
 * as the seed's table ({@link #toTable()}), CSV, JSON and PNG plots.
 */
public final class ExplorationReport {
  /** Columns of the seed's table (MIScnn covid19 data exploration), after the case id. */
  public static final List<String> COLUMNS =
      List.of("vol_shape", "vol_minimum", "vol_maximum", "voxel_spacing", "class_frequency");
  public static final String HISTOGRAM_PNG = "intensity_histogram.png";
  public static final String CLASSES_PNG = "class_distribution.png";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String[] AXES = {"X", "Y", "Z"};

  private final ClassNames names;
  private final List<CaseExploration> cases;
  private final IntensityHistogram histogram;
  private final ExplorationSummary summary;

  public ExplorationReport(ClassNames names, List<CaseExploration> cases,
      IntensityHistogram histogram) {
    this.names = Objects.requireNonNull(names, "names == null");
    this.cases = List.copyOf(cases);
    this.histogram = Objects.requireNonNull(histogram, "histogram == null");
    if (this.cases.isEmpty()) {
      throw new IllegalArgumentException("an exploration report needs at least one case");
    }
    this.summary = ExplorationSummary.of(this.cases);
  }

  public ClassNames names() {
    return names;
  }

  public List<CaseExploration> cases() {
    return cases;
  }

  public ExplorationSummary summary() {
    return summary;
  }

  public IntensityHistogram histogram() {
    return histogram;
  }

  /** The seed's console output: the table, then mean and median per axis and class frequencies. */
  public String toTable() {
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("case_id");
    header.addAll(COLUMNS);
    rows.add(header.toArray(String[]::new));
    for (CaseExploration c : cases) {
      rows.add(cells(c));
    }
    int[] width = new int[header.size()];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        boolean last = i == r.length - 1;
        sb.append(last ? r[i] : pad(r[i], width[i]));
      }
      sb.append('\n');
    }
    sb.append('\n');
    for (int a = 0; a < 3; a++) {
      sb.append(AXES[a]).append("-Axes Mean: ").append(num(summary.shapeMean()[a])).append('\n');
      sb.append(AXES[a]).append("-Axes Median: ").append(num(summary.shapeMedian()[a])).append('\n');
    }
    for (int a = 0; a < 3; a++) {
      sb.append(AXES[a]).append("-Spacing Mean: ").append(num(summary.spacingMean()[a]))
          .append('\n');
      sb.append(AXES[a]).append("-Spacing Median: ").append(num(summary.spacingMedian()[a]))
          .append('\n');
    }
    sb.append("Mean class frequency:");
    for (int c = 0; c < names.count(); c++) {
      sb.append(c == 0 ? " " : ", ").append(names.name(c)).append(' ')
          .append(round6(summary.classFrequencyMean()[c]));
    }
    sb.append('\n');
    return sb.toString();
  }

  /** The table as CSV: a header row, then one row per case with the seed's tuple cells quoted. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("case_id," + String.join(",", COLUMNS) + "\n");
    for (CaseExploration c : cases) {
      String[] cells = cells(c);
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        String cell = cells[i];
        sb.append(cell.contains(",") ? "\"" + cell + "\"" : cell);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Everything as JSON: classes, per-case rows, summary and histogram. */
  public String toJson() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode classes = root.putArray("classes");
    names.names().forEach(classes::add);
    ArrayNode rows = root.putArray("cases");
    for (CaseExploration c : cases) {
      ObjectNode row = rows.addObject();
      row.put("case_id", c.caseId());
      ArrayNode shape = row.putArray("vol_shape");
      for (int s : c.shape()) shape.add(s);
      row.put("vol_minimum", c.minimum());
      row.put("vol_maximum", c.maximum());
      ArrayNode spacing = row.putArray("voxel_spacing");
      for (double s : c.spacing()) spacing.add(s);
      ObjectNode freq = row.putObject("class_frequency");
      ObjectNode voxels = row.putObject("class_voxels");
      for (int k = 0; k < names.count(); k++) {
        freq.put(names.name(k), c.classFrequency()[k]);
        voxels.put(names.name(k), c.classVoxels()[k]);
      }
    }
    ObjectNode s = root.putObject("summary");
    putAxes(s.putObject("shape"), summary.shapeMean(), summary.shapeMedian());
    putAxes(s.putObject("spacing"), summary.spacingMean(), summary.spacingMedian());
    ObjectNode meanFreq = s.putObject("class_frequency_mean");
    for (int k = 0; k < names.count(); k++) {
      meanFreq.put(names.name(k), summary.classFrequencyMean()[k]);
    }
    ObjectNode h = root.putObject("intensity_histogram");
    h.put("low", histogram.low());
    h.put("high", histogram.high());
    h.put("bin_width", histogram.binWidth());
    h.put("below", histogram.below());
    h.put("above", histogram.above());
    ArrayNode counts = h.putArray("counts");
    for (long c : histogram.counts()) counts.add(c);
    return JSON.writeValueAsString(root) + "\n";
  }

  public void writeJson(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  public void writeCsv(Path file) throws IOException {
    Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
  }

  /** Writes {@value #HISTOGRAM_PNG} and {@value #CLASSES_PNG} into {@code dir}. */
  public void writePlots(Path dir) throws IOException {
    Files.createDirectories(dir);
    Plots.histogram(histogram, dir.resolve(HISTOGRAM_PNG));
    Plots.classDistribution(names, summary.classFrequencyMean(), dir.resolve(CLASSES_PNG));
  }

  private static void putAxes(ObjectNode node, double[] mean, double[] median) {
    ArrayNode m = node.putArray("mean");
    for (double d : mean) m.add(d);
    ArrayNode md = node.putArray("median");
    for (double d : median) md.add(d);
  }

  private static String[] cells(CaseExploration c) {
    StringBuilder shape = new StringBuilder("(");
    for (int i = 0; i < 3; i++) shape.append(i > 0 ? ", " : "").append(c.shape()[i]);
    StringBuilder spacing = new StringBuilder("(");
    for (int i = 0; i < 3; i++) spacing.append(i > 0 ? ", " : "").append(num(c.spacing()[i]));
    StringBuilder freq = new StringBuilder("(");
    for (int i = 0; i < c.classFrequency().length; i++) {
      freq.append(i > 0 ? ", " : "").append(round6(c.classFrequency()[i]));
    }
    return new String[] {c.caseId(), shape.append(')').toString(), num(c.minimum()),
        num(c.maximum()), spacing.append(')').toString(), freq.append(')').toString()};
  }

  /** Shortest decimal that reads back to the same double, never in exponent notation. */
  static String num(double d) {
    String s = Double.toString(d);
    if (s.contains("E")) {
      s = new BigDecimal(s).toPlainString();
    }
    return s;
  }

  /** Rounded to 6 decimals, as the seed's {@code np.around(class_freq, decimals=6)}. */
  static String round6(double d) {
    return new BigDecimal(Double.toString(d)).setScale(6, RoundingMode.HALF_EVEN)
        .stripTrailingZeros().toPlainString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
