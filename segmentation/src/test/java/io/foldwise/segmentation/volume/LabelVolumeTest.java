package io.foldwise.segmentation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.patch.ClassLocations;
import io.foldwise.segmentation.patch.Windows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelVolumeTest {
  @TempDir Path dir;

  static LabelVolume random(int[] shape, long seed) {
    Geometry g = Geometry.of(shape, new double[] {1.5, 1.5, 2.5});
    SplittableRandom r = new SplittableRandom(seed);
    byte[] data = new byte[g.voxelCount()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (r.nextInt(5) == 0 ? 1 + r.nextInt(3) : 0);
    }
    return new LabelVolume(g, data);
  }

  @Test
  void windowsOnDiskAreTheWindowsInMemoryInsideAcrossEdgesAndOutside() throws IOException {
    LabelVolume memory = random(new int[] {23, 17, 11}, 5);
    LabelVolume disk = memory.spill(dir.resolve("v.u8"));
    assertTrue(disk.isOnDisk());
    assertFalse(memory.isOnDisk());
    assertEquals(23L * 17 * 11, Files.size(dir.resolve("v.u8")));
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < 300; i++) {
      int[] box = {1 + r.nextInt(30), 1 + r.nextInt(25), 1 + r.nextInt(16)};
      int[] origin = {r.nextInt(-box[0] - 2, 26), r.nextInt(-box[1] - 2, 20), r.nextInt(-box[2] - 2, 14)};
      byte fill = (byte) (i % 2 == 0 ? 0 : 7);
      byte[] expected = Windows.crop(memory.data(), memory.geometry().shape(), origin, box, fill);
      assertArrayEquals(expected, memory.crop(origin, box, fill), "in memory at " + Arrays.toString(origin));
      assertArrayEquals(expected, disk.crop(origin, box, fill), "on disk at " + Arrays.toString(origin));
    }
    assertEquals(memory.get(22, 16, 10), disk.get(22, 16, 10));
    assertEquals(memory.get(3, 0, 7), disk.get(3, 0, 7));
    assertArrayEquals(memory.data(), disk.load().data());
    assertArrayEquals(memory.data(), LabelVolume.onDisk(memory.geometry(), dir.resolve("v.u8")).load().data());
    assertArrayEquals(memory.classCounts(4), disk.load().classCounts(4));
    // foreground sampling's class index reads a label map on disk whole, once (PatchStreamTest: the same patches)
    assertArrayEquals(ClassLocations.of(memory).labels(), ClassLocations.of(disk).labels());
    assertArrayEquals(new int[] {1, 2, 3}, ClassLocations.of(disk).labels());
  }

  @Test
  void aLabelMapOnDiskHasNoArrayToHandOutAndBadFilesAreNamed() throws IOException {
    Path file = dir.resolve("a.u8");
    LabelVolume disk = random(new int[] {4, 4, 4}, 1).spill(file);
    IllegalStateException e = assertThrows(IllegalStateException.class, disk::data);
    assertEquals("the labels of this volume are on disk at " + file
        + "; crop windows from it with crop(...) or read it into memory with load()", e.getMessage());
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> disk.spill(dir.resolve("b.u8")));
    assertEquals("the labels are on disk already, at " + file, twice.getMessage());
    assertThrows(IllegalStateException.class, () -> disk.classCounts(4));

    Geometry g = Geometry.of(new int[] {4, 4, 4}, new double[] {1, 1, 1});
    Path small = Files.write(dir.resolve("small.u8"), new byte[100]);
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> LabelVolume.onDisk(g, small));
    assertEquals(small + " has 100 bytes but 64 one-byte labels need 64; write it with LabelVolume.spill",
        wrong.getMessage());
    Files.write(file, new byte[32]);
    UncheckedIOException cut = assertThrows(UncheckedIOException.class,
        () -> disk.crop(new int[] {0, 0, 2}, new int[] {4, 4, 2}, (byte) 0));
    assertEquals("cropping " + file + ": " + file + " ended at byte 32, before the 64 voxels it should hold;"
        + " was it changed or truncated while in use?", cut.getMessage());
  }
}
