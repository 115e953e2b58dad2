package io.foldwise.unet.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where a training keeps its checkpoints: one slot per {@link CheckpointKind}, each holding an
 * opaque byte stream (a zip written by {@code io.foldwise.unet.train.CheckpointCodec}). Saving replaces the slot's content;
 * an implementation must make the replacement atomic (a reader sees the old or the new content,
 * never a part). {@link FileCheckpointStore} keeps them in a directory; the training worker keeps
 * them in an object store.
 */
public interface CheckpointStore {

  /** Stores {@code size} bytes read from {@code content} as the checkpoint of {@code kind}. */
  void save(CheckpointKind kind, InputStream content, long size) throws IOException;

  /** Stores the file's bytes as the checkpoint of {@code kind}; a store that can take a file as it is overrides this. */
  default void save(CheckpointKind kind, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      save(kind, in, Files.size(file));
    }
  }

  /**
   * Makes the checkpoint of {@code to} the same bytes as that of {@code from} (which must exist), replacing it
   * atomically as {@link #save} does. Stores that can copy without reading the bytes back (a rename-free file copy,
   * a server-side object copy) override this; the default reads {@code from} into a temporary file and saves it.
   */
  default void copy(CheckpointKind from, CheckpointKind to) throws IOException {
    Path tmp = Files.createTempFile("foldwise-checkpoint-", ".zip");
    try {
      try (InputStream in = open(from).orElseThrow(
          () -> new IOException("checkpoint " + describe(from) + " does not exist; cannot copy it to " + describe(to)))) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      save(to, tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The checkpoint of {@code kind}, or empty; the caller closes the stream. */
  Optional<InputStream> open(CheckpointKind kind) throws IOException;

  /** Where checkpoints of {@code kind} live, for messages (a path or URI). */
  String describe(CheckpointKind kind);
}
