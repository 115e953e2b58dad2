package io.foldwise.unet.checkpoint;

import java.io.IOException;
import java.io.InputStream;
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

  /** The checkpoint of {@code kind}, or empty; the caller closes the stream. */
  Optional<InputStream> open(CheckpointKind kind) throws IOException;

  /** Where checkpoints of {@code kind} live, for messages (a path or URI). */
  String describe(CheckpointKind kind);
}
