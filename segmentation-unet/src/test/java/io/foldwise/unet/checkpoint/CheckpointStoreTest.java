package io.foldwise.unet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(CheckpointStore store, CheckpointKind kind) throws IOException {
    try (InputStream in = store.open(kind).orElseThrow()) {
      return in.readAllBytes();
    }
  }

  @Test
  void fileStoreCopiesAndReplacesAtomically(@TempDir Path dir) throws IOException {
    FileCheckpointStore store = new FileCheckpointStore(dir);
    Path latest = Files.write(dir.resolve("src.zip"), bytes("epoch 3"));
    store.save(CheckpointKind.LATEST, latest);
    store.save(CheckpointKind.BEST, new ByteArrayInputStream(bytes("epoch 1")), 7);

    store.copy(CheckpointKind.LATEST, CheckpointKind.BEST);

    assertArrayEquals(bytes("epoch 3"), read(store, CheckpointKind.BEST));
    assertArrayEquals(bytes("epoch 3"), read(store, CheckpointKind.LATEST));
    // no temporary file is left beside the checkpoints
    try (var files = Files.list(dir)) {
      assertEquals(3, files.count()); // src.zip, latest.ckpt, best.ckpt
    }
    IOException e = assertThrows(IOException.class, () -> store.copy(CheckpointKind.FINAL, CheckpointKind.BEST));
    assertEquals("checkpoint " + store.path(CheckpointKind.FINAL) + " does not exist; cannot copy it to "
        + store.path(CheckpointKind.BEST), e.getMessage());
    assertArrayEquals(bytes("epoch 3"), read(store, CheckpointKind.BEST));
  }

  /** A store that only saves and opens streams gets copying and saving a file from the interface. */
  @Test
  void defaultCopyAndFileSaveGoThroughTheStreams() throws IOException {
    Map<CheckpointKind, byte[]> slots = new EnumMap<>(CheckpointKind.class);
    CheckpointStore store = new CheckpointStore() {
      @Override
      public void save(CheckpointKind kind, InputStream content, long size) throws IOException {
        byte[] b = content.readAllBytes();
        if (b.length != size) {
          throw new IOException("expected " + size + " bytes, got " + b.length);
        }
        slots.put(kind, b);
      }

      @Override
      public Optional<InputStream> open(CheckpointKind kind) {
        return Optional.ofNullable(slots.get(kind)).map(ByteArrayInputStream::new);
      }

      @Override
      public String describe(CheckpointKind kind) {
        return "memory:" + kind.id();
      }
    };
    Path file = Files.write(Files.createTempFile("ckpt", ".zip"), bytes("weights"));
    try {
      store.save(CheckpointKind.LATEST, file);
    } finally {
      Files.delete(file);
    }
    store.copy(CheckpointKind.LATEST, CheckpointKind.FINAL);
    assertArrayEquals(bytes("weights"), slots.get(CheckpointKind.FINAL));
    IOException e = assertThrows(IOException.class, () -> store.copy(CheckpointKind.BEST, CheckpointKind.FINAL));
    assertEquals("checkpoint memory:best does not exist; cannot copy it to memory:final", e.getMessage());
  }
}
