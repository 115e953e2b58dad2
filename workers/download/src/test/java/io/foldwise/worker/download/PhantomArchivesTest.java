package io.foldwise.worker.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.foldwise.runtime.experiment.PhantomSource;
import io.foldwise.segmentation.phantom.PhantomSpec;
import org.junit.jupiter.api.Test;

/** The experiment's {@code data.phantom} becomes the generator's spec, new keys included. */
class PhantomArchivesTest {
  @Test
  void oneShapeForAllCasesAsBefore() {
    PhantomSpec spec = PhantomArchives.spec(new PhantomSource(6, new int[] {48, 48, 16}, 11));
    assertEquals(PhantomSpec.of(6, 11).withShape(new int[] {48, 48, 16}), spec);
    assertNull(spec.slices());
    assertEquals(0, spec.windowedCases());
  }

  @Test
  void slicesAndWindowedReachTheGenerator() {
    PhantomSpec spec = PhantomArchives.spec(
        new PhantomSource(20, new int[] {512, 512}, 3757476, new int[] {39, 301}, 10));
    assertArrayEquals(new int[] {512, 512, 301}, spec.shape());
    assertArrayEquals(new int[] {39, 301}, spec.slices());
    assertEquals(10, spec.windowedCases());
    assertEquals(20, spec.cases());
    assertEquals(3757476, spec.seed());
  }
}
