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
}
