package io.foldwise.segmentation.hash;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** SHA-256 digests (lower-case hex) of bytes, text (UTF-8), streams and files: the one place the project hashes. */
public final class Sha256 {
  private Sha256() {}

  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** The digest of {@code text} encoded as UTF-8. */
  public static String of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String of(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to hash it: " + e.getMessage(), e);
    }
  }

  public static String of(InputStream in) throws IOException {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The checksum of a folder of files: SHA-256 of the lines {@code <sha256 of file>  <relative path>\n}
   * of every regular file below it, sorted by relative path ({@code /}-separated, byte order), skipping
   * hidden entries (names starting with a dot) and {@code __MACOSX} folders: what {@code sha256sum}
   * over the sorted file list, piped into {@code sha256sum} again, prints (the shell line is in the
   * README; {@code Sha256Test} checks they agree).
   */
  public static String ofFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    TreeMap<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = dir.relativize(p);
        boolean hidden = false;
        for (Path part : rel) {
          String name = part.toString();
          hidden |= name.startsWith(".") || name.equals("__MACOSX");
        }
        if (!hidden && Files.isRegularFile(p)) {
          files.put(rel.toString().replace(File.separatorChar, '/'), p);
        }
      }
    }
    StringBuilder lines = new StringBuilder();
    // TreeMap<String> orders by UTF-16 code units, which equals byte order for the ASCII names of data sets
    for (Map.Entry<String, Path> e : files.entrySet()) {
      lines.append(of(e.getValue())).append("  ").append(e.getKey()).append('\n');
    }
    return of(lines.toString());
  }
}
