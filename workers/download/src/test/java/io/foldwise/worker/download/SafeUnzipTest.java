package io.foldwise.worker.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.conductor.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeUnzipTest {
  @TempDir Path dir;

  Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path zip = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return zip;
  }

  @Test
  void extractsNestedEntriesAndSkipsMacMetadata() throws Exception {
    Path zip = zip("ok.zip", Map.of("a.nii.gz", new byte[] {1, 2}, "sub/b.nii.gz", new byte[] {3},
        "__MACOSX/._a.nii.gz", new byte[] {9}));
    int files = new SafeUnzip(1 << 20, 100).extract(zip, dir.resolve("out"));
    assertEquals(2, files);
    assertTrue(Files.exists(dir.resolve("out/sub/b.nii.gz")));
    assertFalse(Files.exists(dir.resolve("out/__MACOSX")));
  }

  @Test
  void refusesEntriesThatEscapeTheTarget() throws Exception {
    Path zip = zip("evil.zip", Map.of("../../evil.txt", new byte[] {1}));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new SafeUnzip(1 << 20, 100).extract(zip, dir.resolve("out")));
    assertEquals("archive evil.zip: entry '../../evil.txt' would be written outside the target folder; "
        + "refusing the archive", e.getMessage());
    assertFalse(Files.exists(dir.resolve("evil.txt")));
  }

  @Test
  void boundsTheBytesWrittenWhateverTheHeadersSay() throws Exception {
    Path zip = zip("bomb.zip", Map.of("zeros.bin", new byte[200_000]));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new SafeUnzip(100_000, 100).extract(zip, dir.resolve("out")));
    assertEquals("archive bomb.zip expands to more than 100000 bytes; refusing it (raise "
        + "FOLDWISE_MAX_EXTRACT_BYTES if the data set really is that large)", e.getMessage());
  }

  @Test
  void boundsTheNumberOfEntries() throws Exception {
    Path zip = zip("many.zip", Map.of("a", new byte[1], "b", new byte[1], "c", new byte[1]));
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new SafeUnzip(1 << 20, 2).extract(zip, dir.resolve("out")));
    assertEquals("archive many.zip has more than 2 entries; it is not a data set archive", e.getMessage());
  }

  @Test
  void notAZipIsNamed() throws Exception {
    Path junk = dir.resolve("junk.zip");
    Files.writeString(junk, "<html>not found</html>");
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new SafeUnzip(1 << 20, 100).extract(junk, dir.resolve("out")));
    assertEquals("archive junk.zip is empty or not a zip file; the download is corrupt or the url points to "
        + "something else", e.getMessage());
  }
}
