package io.foldwise.console;

/** HTML escaping and the page frame shared by every console page. */
final class Html {
  private Html() {}

  static String esc(Object o) {
    String s = String.valueOf(o == null ? "" : o);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
        + " · Foldwise console</title><link rel=\"stylesheet\" href=\"/console/console.css\"></head><body>"
        + "<header><a href=\"/\" class=\"brand\">Foldwise console</a> <a href=\"/\">Experiments</a></header><main>"
        + body + "</main></body></html>";
  }

  static String status(Object status) {
    String s = String.valueOf(status);
    return "<span class=\"st st-" + esc(s.toLowerCase()) + "\">" + esc(s) + "</span>";
  }

  static String num(Object v) {
    if (v instanceof Number n) {
      return String.format(java.util.Locale.ROOT, "%.4f", n.doubleValue());
    }
    return v == null ? "" : esc(v);
  }

  static String seconds(long ms) {
    if (ms < 0) {
      return "";
    }
    long s = ms / 1000;
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + " s";
  }
}
