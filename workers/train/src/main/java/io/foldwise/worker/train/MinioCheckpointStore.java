package io.foldwise.worker.train;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.unet.checkpoint.CheckpointKind;
import io.foldwise.unet.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The U-Net trainer's checkpoints in the artifact store: {@code <prefix>/<latest|best|final>.zip}.
 * A checkpoint is uploaded as one object from a local file (a stream is spooled to one first), so a reader sees
 * the old or the new checkpoint, never a part of one; the best checkpoint is a server-side copy of the latest.
 */
final class MinioCheckpointStore implements CheckpointStore {
  private final ArtifactStore store;
  private final String prefix;
  private final Path spool;

  MinioCheckpointStore(ArtifactStore store, String prefix, Path spool) {
    this.store = store;
    this.prefix = prefix;
    this.spool = spool;
  }

  String key(CheckpointKind kind) {
    return prefix + "/" + kind.id() + ".zip";
  }

  @Override
  public void save(CheckpointKind kind, InputStream content, long size) throws IOException {
    Files.createDirectories(spool);
    Path file = Files.createTempFile(spool, kind.id(), ".zip");
    try {
      Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
      store.putFile(key(kind), file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Uploads the file as it is (no spooled copy). */
  @Override
  public void save(CheckpointKind kind, Path file) {
    store.putFile(key(kind), file);
  }

  /** A server-side copy: the checkpoint's bytes are not uploaded a second time. */
  @Override
  public void copy(CheckpointKind from, CheckpointKind to) {
    store.copy(key(from), key(to));
  }

  @Override
  public Optional<InputStream> open(CheckpointKind kind) {
    String key = key(kind);
    return store.exists(key) ? Optional.of(store.open(key)) : Optional.empty();
  }

  @Override
  public String describe(CheckpointKind kind) {
    return store.uri(key(kind));
  }
}
