package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.foldwise.segmentation.hash.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumCommandTest {
  @TempDir Path tmp;

  @Test
  void printsFileAndFolderChecksumsAndNamesAMissingPath() throws Exception {
    Path zip = Files.writeString(tmp.resolve("scans.zip"), "abc");
    Path folder = Files.createDirectories(tmp.resolve("labels"));
    Files.writeString(folder.resolve("a.nii.gz"), "a");
    Path missing = tmp.resolve("nope");
    CapturedRun r = CapturedRun.of("checksum", zip.toString(), folder.toString(), missing.toString());
    assertEquals(1, r.status());
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  " + zip + "\n"
        + Sha256.ofFolder(folder) + "  " + folder + "\n", r.out());
    assertEquals("checksum: " + missing + ": no such file or folder\n", r.err());
  }
}
