package io.foldwise.segmentation.phantom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip whose bytes depend only on the entries' names and contents: entries in the given
 * order, one fixed DOS timestamp (a local date-time, so the time zone does not matter), no extra
 * fields, no comment. The zip is written to a temporary file and moved into place.
 */
final class DeterministicZip {
  /** The timestamp of every entry (the Zenodo record's publication day). */
  static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 4, 20, 0, 0, 0);

  private DeterministicZip() {}

  /** Zips {@code files} into {@code zip}, each as an entry named by its file name at the root. */
  static void write(Path zip, List<Path> files) throws IOException {
    Path tmp = zip.resolveSibling(zip.getFileName() + ".partial");
    try (OutputStream out = Files.newOutputStream(tmp);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Path f : files) {
        ZipEntry e = new ZipEntry(f.getFileName().toString());
        e.setTimeLocal(ENTRY_TIME);
        z.putNextEntry(e);
        Files.copy(f, z);
        z.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
  }
}
