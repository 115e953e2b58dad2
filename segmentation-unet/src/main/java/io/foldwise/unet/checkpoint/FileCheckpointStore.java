package io.foldwise.unet.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/** Checkpoints as files {@code <dir>/<kind>.ckpt}, replaced atomically by rename. */
public final class FileCheckpointStore implements CheckpointStore {
  private final Path dir;

  public FileCheckpointStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir == null");
  }

  public Path path(CheckpointKind kind) {
    return dir.resolve(kind.id() + ".ckpt");
  }

  @Override
  public void save(CheckpointKind kind, InputStream content, long size) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, kind.id() + "-", ".part");
    try {
      long copied = Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
      if (copied != size) {
        throw new IOException("checkpoint " + kind.id() + ": expected " + size + " bytes, got " + copied);
      }
      Files.move(tmp, path(kind), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public void copy(CheckpointKind from, CheckpointKind to) throws IOException {
    Path source = path(from);
    if (!Files.isRegularFile(source)) {
      throw new IOException("checkpoint " + source + " does not exist; cannot copy it to " + path(to));
    }
    Path tmp = Files.createTempFile(dir, to.id() + "-", ".part");
    try {
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, path(to), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public Optional<InputStream> open(CheckpointKind kind) throws IOException {
    Path p = path(kind);
    return Files.isRegularFile(p) ? Optional.of(Files.newInputStream(p)) : Optional.empty();
  }

  @Override
  public String describe(CheckpointKind kind) {
    return path(kind).toString();
  }
}
