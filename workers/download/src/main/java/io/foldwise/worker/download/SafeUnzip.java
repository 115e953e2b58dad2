package io.foldwise.worker.download;

import io.foldwise.runtime.conductor.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Extracts a zip archive without trusting it: no entry may land outside the target folder (absolute
 * names, {@code ..}, links), the number of entries and the bytes actually written are bounded (a
 * zip bomb stops at the bound, whatever its headers claim). A broken archive is an
 * {@link InvalidInputException} naming it.
 */
final class SafeUnzip {
  private final long maxBytes;
  private final int maxEntries;

  SafeUnzip(long maxBytes, int maxEntries) {
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  /** Extracts {@code zip} into {@code target}; returns the number of files written. */
  int extract(Path zip, Path target) throws IOException {
    String name = zip.getFileName().toString();
    Path root = Files.createDirectories(target).toRealPath();
    long written = 0;
    int files = 0;
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        if (++entries > maxEntries) {
          throw new InvalidInputException("archive " + name + " has more than " + maxEntries
              + " entries; it is not a data set archive");
        }
        String entryName = entry.getName().replace('\\', '/');
        if (entryName.startsWith("__MACOSX/") || entryName.endsWith("/.DS_Store")) {
          continue;
        }
        Path out = root.resolve(entryName).normalize();
        if (entryName.startsWith("/") || entryName.contains(":") || !out.startsWith(root) || out.equals(root)) {
          throw new InvalidInputException("archive " + name + ": entry '" + entry.getName()
              + "' would be written outside the target folder; refusing the archive");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out)) {
          written = copyBounded(in, os, written, name);
        }
        files++;
      }
    } catch (ZipException e) {
      throw new InvalidInputException("archive " + name + " is not a valid zip file (" + e.getMessage()
          + "); the download is corrupt or the url points to something else", e);
    }
    if (files == 0) {
      throw new InvalidInputException("archive " + name + " is empty or not a zip file; "
          + "the download is corrupt or the url points to something else");
    }
    return files;
  }

  private long copyBounded(InputStream in, OutputStream out, long written, String name) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      written += n;
      if (written > maxBytes) {
        throw new InvalidInputException("archive " + name + " expands to more than " + maxBytes
            + " bytes; refusing it (raise FOLDWISE_MAX_EXTRACT_BYTES if the data set really is that large)");
      }
      out.write(buffer, 0, n);
    }
    return written;
  }
}
