package io.foldwise.segmentation.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.patch.Windows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageVolumeTest {
  @TempDir Path dir;

  static ImageVolume random(int[] shape, long seed) {
    Geometry g = Geometry.of(shape, new double[] {1.5, 1.5, 2.5});
    SplittableRandom r = new SplittableRandom(seed);
    float[] data = new float[g.voxelCount()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) r.nextGaussian();
    }
    return new ImageVolume(g, data);
  }

  @Test
  void windowsOnDiskAreTheWindowsInMemoryInsideAcrossEdgesAndOutside() throws IOException {
    ImageVolume memory = random(new int[] {23, 17, 11}, 5);
    ImageVolume disk = memory.spill(dir.resolve("v.f32"));
    assertTrue(disk.isOnDisk());
    assertFalse(memory.isOnDisk());
    assertEquals(4L * 23 * 17 * 11, Files.size(dir.resolve("v.f32")));
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < 300; i++) {
      int[] box = {1 + r.nextInt(30), 1 + r.nextInt(25), 1 + r.nextInt(16)};
      int[] origin = {r.nextInt(-box[0] - 2, 26), r.nextInt(-box[1] - 2, 20), r.nextInt(-box[2] - 2, 14)};
      float fill = i % 2 == 0 ? 0f : -3.5f;
      float[] expected = Windows.crop(memory.data(), memory.geometry().shape(), origin, box, fill);
      assertArrayEquals(expected, memory.crop(origin, box, fill), "in memory at " + java.util.Arrays.toString(origin));
      assertArrayEquals(expected, disk.crop(origin, box, fill), "on disk at " + java.util.Arrays.toString(origin));
    }
    assertEquals(memory.get(22, 16, 10), disk.get(22, 16, 10));
    assertEquals(memory.get(3, 0, 7), disk.get(3, 0, 7));
    assertArrayEquals(memory.data(), disk.load().data());
    assertArrayEquals(memory.data(), ImageVolume.onDisk(memory.geometry(), dir.resolve("v.f32")).load().data());
  }

  @Test
  void aVolumeOnDiskHasNoArrayToHandOut() throws IOException {
    ImageVolume disk = random(new int[] {4, 4, 4}, 1).spill(dir.resolve("a.f32"));
    IllegalStateException e = assertThrows(IllegalStateException.class, disk::data);
    assertEquals("the voxels of this volume are on disk at " + dir.resolve("a.f32")
        + "; crop windows from it with crop(...) or read it into memory with load()", e.getMessage());
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> disk.spill(dir.resolve("b.f32")));
    assertEquals("the voxels are on disk already, at " + dir.resolve("a.f32"), twice.getMessage());
  }

  @Test
  void aFileOfTheWrongSizeIsRefusedAndATruncatedOneNamed() throws IOException {
    Geometry g = Geometry.of(new int[] {4, 4, 4}, new double[] {1, 1, 1});
    Path small = Files.write(dir.resolve("small.f32"), new byte[100]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageVolume.onDisk(g, small));
    assertEquals(small + " has 100 bytes but 64 float32 voxels need 256; write it with ImageVolume.spill",
        e.getMessage());
    Path file = dir.resolve("t.f32");
    ImageVolume disk = random(new int[] {4, 4, 4}, 2).spill(file);
    Files.write(file, new byte[128]);
    UncheckedIOException cut = assertThrows(UncheckedIOException.class,
        () -> disk.crop(new int[] {0, 0, 2}, new int[] {4, 4, 2}, 0f));
    assertEquals("cropping " + file + ": " + file + " ended at byte 128, before the 64 voxels it should hold;"
        + " was it changed or truncated while in use?", cut.getMessage());
  }
}
