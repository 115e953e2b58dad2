package io.foldwise.runtime.experiment;

import java.util.Objects;
import java.util.regex.Pattern;

/** One archive of the data set: where to fetch it ({@code https:}, {@code http:} or {@code file:}) and its SHA-256. */
public record ArchiveSource(String url, String sha256) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ArchiveSource {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(sha256, "sha256 == null");
  }

  static ArchiveSource read(ConfigNode node) {
    String url = node.string("url");
    if (!(url.startsWith("https://") || url.startsWith("http://") || url.startsWith("file:"))) {
      throw node.error("url", "must start with https://, http:// or file:, got '" + url + "'");
    }
    String sha = node.string("sha256");
    if (!SHA256.matcher(sha).matches()) {
      throw node.error("sha256", "must be 64 lower-case hex digits, got '" + sha + "'");
    }
    node.finish();
    return new ArchiveSource(url, sha);
  }

  /** The file name at the end of the URL, without a query string. */
  public String fileName() {
    String path = url.replaceFirst("[?#].*$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
