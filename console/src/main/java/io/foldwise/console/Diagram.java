package io.foldwise.console;

import static io.foldwise.console.Html.esc;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import java.util.List;

/** A hand-drawn SVG of an execution: the stages in order, the fork of folds, coloured by status. */
final class Diagram {
  private static final List<String> BEFORE = List.of("download", "explore", "preprocess", "split");
  private static final List<String> AFTER = List.of("aggregate");

  private Diagram() {}

  static String svg(Workflow wf, int folds) {
    int w = 110;
    int h = 30;
    int gap = 24;
    int rows = Math.max(1, folds);
    int height = rows * (h + 8) + 16;
    int mid = height / 2 - h / 2;
    int width = (BEFORE.size() + AFTER.size() + 1) * (w + gap) + 20;
    StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"workflow diagram\">");
    int x = 10;
    for (String ref : BEFORE) {
      box(b, x, mid, w, h, ref, status(Pages.last(wf, ref)));
      arrow(b, x + w, mid + h / 2, x + w + gap, mid + h / 2);
      x += w + gap;
    }
    for (int k = 0; k < folds; k++) {
      int y = 8 + k * (h + 8);
      box(b, x, y, w, h, "fold " + k, status(Pages.last(wf, "fold_" + k)));
      arrow(b, x + w, y + h / 2, x + w + gap, mid + h / 2);
    }
    x += w + gap;
    for (String ref : AFTER) {
      box(b, x, mid, w, h, ref, status(Pages.last(wf, ref)));
      x += w + gap;
    }
    return b.append("</svg>").toString();
  }

  private static String status(Task t) {
    return t == null ? "PENDING" : String.valueOf(t.getStatus());
  }

  private static void box(StringBuilder b, int x, int y, int w, int h, String label, String status) {
    String fill = switch (status) {
      case "COMPLETED" -> "#c8ecd0";
      case "IN_PROGRESS", "SCHEDULED" -> "#cfe3fb";
      case "PENDING" -> "#eeeeee";
      default -> status.startsWith("FAIL") || status.contains("TIMED") || status.contains("CANCEL")
          ? "#f7c9c9" : "#eeeeee";
    };
    b.append("<g data-node=\"").append(esc(label)).append("\"><rect x=\"").append(x).append("\" y=\"").append(y)
        .append("\" width=\"").append(w).append("\" height=\"").append(h).append("\" rx=\"5\" fill=\"").append(fill)
        .append("\" stroke=\"#7a8394\"/><text x=\"").append(x + w / 2).append("\" y=\"").append(y + h / 2 + 4)
        .append("\" font-size=\"12\" text-anchor=\"middle\">").append(esc(label)).append("</text><title>")
        .append(esc(label + ": " + status)).append("</title></g>");
  }

  private static void arrow(StringBuilder b, int x1, int y1, int x2, int y2) {
    b.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
        .append("\" y2=\"").append(y2).append("\" stroke=\"#7a8394\"/>");
  }
}
