package io.foldwise.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseFolderTest {
  @TempDir Path spool;

  @Test
  void aFoldsFolderGoesWhenItEndsAndADeadWorkersFolderWhenTheNextFoldStarts() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path dead = Files.createDirectories(spool.resolve("cases-" + ended.pid()));
    Files.write(dead.resolve("case_1.f32"), new byte[16]);
    long running = ProcessHandle.current().parent().orElseThrow().pid();
    Path alive = Files.createDirectories(spool.resolve("cases-" + running));
    Files.write(alive.resolve("case_2.f32"), new byte[16]);
    Path other = Files.createDirectories(spool.resolve("checkpoints"));
    Path folder;
    try (CaseFolder cases = CaseFolder.create(spool)) {
      folder = cases.path();
      assertEquals(spool.resolve("cases-" + ProcessHandle.current().pid()), folder);
      assertTrue(Files.isDirectory(folder));
      Files.write(folder.resolve("case_3.f32"), new byte[16]);
      assertFalse(Files.exists(dead), "the folder of a worker that no longer runs is removed");
      assertTrue(Files.exists(alive.resolve("case_2.f32")), "a running worker's folder is left alone");
      assertTrue(Files.exists(other));
    }
    assertFalse(Files.exists(folder), "the fold's own folder is removed when it ends");
  }
}
