package io.foldwise.segmentation.transform.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class SlabsTest {
  @Test
  void everySlabRunsExactlyOnceForAnyThreadCount() {
    for (int threads : new int[] {1, 2, 3, 8, 50}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(17);
      Slabs.run(17, threads, runs::incrementAndGet);
      for (int i = 0; i < 17; i++) {
        assertEquals(1, runs.get(i), "slab " + i + " with " + threads + " threads");
      }
    }
  }

  @Test
  void aFailureOnAWorkerThreadReachesTheCaller() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Slabs.run(4, 2, i -> {
      if (i == 1) {
        throw new IllegalStateException("slab 1 failed");
      }
    }));
    assertEquals("slab 1 failed", e.getMessage());
  }

  @Test
  void badThreadCountIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SeparableResize.resize(new float[8], new int[] {2, 2, 2}, new int[] {1, 1, 1},
            Interpolation.LINEAR, 0));
    assertEquals("threads must be >= 1, got 0", e.getMessage());
  }
}
