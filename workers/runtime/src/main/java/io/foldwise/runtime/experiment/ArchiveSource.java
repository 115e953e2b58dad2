package io.foldwise.runtime.experiment;

import java.util.Objects;

/**
 * One archive of the data set: where to fetch it ({@code https:}, {@code http:} or {@code file:}) and its SHA-256
 * (the settings {@code data.images.*}, {@code data.masks.*}, declared and checked in {@link ExperimentSettings}).
 */
public record ArchiveSource(String url, String sha256) {
  public ArchiveSource {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(sha256, "sha256 == null");
  }

  /** The file name at the end of the URL, without a query string. */
  public String fileName() {
    String path = url.replaceFirst("[?#].*$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
