package io.foldwise.worker.train;

import io.foldwise.runtime.experiment.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local folder that holds a fold's images while it trains ({@code <spool>/cases-<pid>}), removed when the fold
 * ends. Folders left by worker processes that no longer run (killed mid-fold) are removed when the next fold starts;
 * those of running processes (several train workers may share one data directory) are left alone.
 */
final class CaseFolder implements AutoCloseable {
  private static final String PREFIX = "cases-";
  private final Path path;

  private CaseFolder(Path path) {
    this.path = path;
  }

  static CaseFolder create(Path spool) throws IOException {
    Files.createDirectories(spool);
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(spool, PREFIX + "*")) {
      for (Path folder : folders) {
        String pid = folder.getFileName().toString().substring(PREFIX.length());
        if (pid.matches("[0-9]{1,18}") && Long.parseLong(pid) != self
            && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
          Workspace.delete(folder);
        }
      }
    }
    Path path = spool.resolve(PREFIX + self);
    Workspace.delete(path); // an earlier fold of this process that did not get to close it
    return new CaseFolder(Files.createDirectories(path));
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      Workspace.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException("removing the fold's case folder " + path + ": " + e.getMessage(), e);
    }
  }
}
