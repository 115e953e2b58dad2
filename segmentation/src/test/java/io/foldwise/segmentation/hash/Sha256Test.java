package io.foldwise.segmentation.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // FIPS 180-2

  @Test
  void everyFormGivesTheStandardDigest(@TempDir Path dir) throws Exception {
    byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("abc.txt"), abc);
    assertEquals(ABC, Sha256.of(abc));
    assertEquals(ABC, Sha256.of("abc"));
    assertEquals(ABC, Sha256.of(new ByteArrayInputStream(abc)));
    assertEquals(ABC, Sha256.of(file));
  }

  @Test
  void folderChecksumIsWhatTheShellLineOfTheReadmePrints(@TempDir Path dir) throws Exception {
    Files.writeString(Files.createDirectories(dir.resolve("ct/deeper")).resolve("b.nii.gz"), "bee");
    Files.writeString(dir.resolve("ct/a.nii.gz"), "ay");
    Files.writeString(dir.resolve("ct/Z.nii"), "zed");
    Files.writeString(dir.resolve("ct/.hidden"), "ignored");
    Files.writeString(Files.createDirectories(dir.resolve("ct/__MACOSX")).resolve("x"), "ignored");
    String sum = Sha256.ofFolder(dir.resolve("ct"));
    Process p = new ProcessBuilder("bash", "-c", "cd \"$0\" && (find . -type f ! -path '*/.*' ! -path '*/__MACOSX/*'"
        + " -printf '%P\\n' | LC_ALL=C sort | xargs -d '\\n' sha256sum) | sha256sum", dir.resolve("ct").toString())
        .redirectErrorStream(true).start();
    String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), shell);
    assertEquals(sum + "  -", shell);
    Files.writeString(dir.resolve("ct/a.nii.gz"), "changed");
    org.junit.jupiter.api.Assertions.assertNotEquals(sum, Sha256.ofFolder(dir.resolve("ct")));
  }
}
