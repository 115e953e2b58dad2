package io.foldwise.unet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.patch.Patch;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import io.foldwise.segmentation.augment.AugmentationConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchStreamTest {
  /** 40x40x16 of background with one 3x3x2 lesion (label 2): random 8x8x4 crops seldom hold it. */
  static List<Sample> lesions() {
    Geometry g = Geometry.of(new int[] {40, 40, 16}, new double[] {1, 1, 1});
    float[] image = new float[g.voxelCount()];
    byte[] label = new byte[g.voxelCount()];
    for (int z = 7; z < 9; z++) {
      for (int y = 30; y < 33; y++) {
        for (int x = 5; x < 8; x++) {
          label[g.index(x, y, z)] = 2;
        }
      }
    }
    return List.of(new Sample("a", new ImageVolume(g, image), new LabelVolume(g, label)));
  }

  static int withLesion(List<Patch> patches) {
    int n = 0;
    for (Patch p : patches) {
      for (byte b : p.label()) {
        if (b == 2) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  @Test
  void shareZeroIsTheRandomStreamAndAShareCentresThatManyOnForeground() {
    int[] patch = {8, 8, 4};
    PatchStream plain = new PatchStream(lesions(), patch, null, 3);
    PatchStream zero = new PatchStream(lesions(), patch, null, 3, 0);
    PatchStream third = new PatchStream(lesions(), patch, null, 3, 1.0 / 3);
    PatchStream all = new PatchStream(lesions(), patch, null, 3, 1);
    assertEquals(plain.batch(PatchStream.TRAINING, 2, 5, 200), zero.batch(PatchStream.TRAINING, 2, 5, 200));
    int random = withLesion(plain.batch(PatchStream.TRAINING, 0, 0, 300));
    int oversampled = withLesion(third.batch(PatchStream.TRAINING, 0, 0, 300));
    assertEquals(300, withLesion(all.batch(PatchStream.TRAINING, 0, 0, 300)));
    assertTrue(random < 30, "random crops with the lesion: " + random);
    assertTrue(oversampled >= 80 && oversampled <= 130, "a third oversampled, with the lesion: " + oversampled);
    // seeded: the same position gives the same patches
    assertEquals(third.batch(PatchStream.TRAINING, 1, 1, 10),
        new PatchStream(lesions(), patch, null, 3, 1.0 / 3).batch(PatchStream.TRAINING, 1, 1, 10));
    // validation patches are never oversampled
    assertEquals(plain.fixedSet(20), all.fixedSet(20));
    assertEquals("foregroundShare must be in 0..1, got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new PatchStream(lesions(), patch, null, 3, 1.5))
            .getMessage());
  }

  @Test
  void casesOnDiskGiveTheSamePatchesAsCasesInMemory(@TempDir Path dir) throws Exception {
    Geometry g = Geometry.of(new int[] {30, 26, 12}, new double[] {1, 1, 2});
    SplittableRandom r = new SplittableRandom(4);
    List<Sample> memory = new java.util.ArrayList<>();
    List<Sample> disk = new java.util.ArrayList<>();
    for (int c = 0; c < 3; c++) {
      float[] image = new float[g.voxelCount()];
      byte[] label = new byte[g.voxelCount()];
      for (int i = 0; i < image.length; i++) {
        image[i] = (float) r.nextGaussian();
        label[i] = (byte) (r.nextInt(50) == 0 ? 1 + r.nextInt(3) : 0);
      }
      ImageVolume volume = new ImageVolume(g, image);
      memory.add(new Sample("c" + c, volume, new LabelVolume(g, label)));
      disk.add(new Sample("c" + c, volume.spill(dir.resolve("c" + c + ".f32")),
          new LabelVolume(g, label).spill(dir.resolve("c" + c + ".u8"))));
    }
    int[] patch = {16, 16, 8};
    PatchStream inMemory = new PatchStream(memory, patch, AugmentationConfig.miscnn(), 11, 0.33);
    PatchStream onDisk = new PatchStream(disk, patch, AugmentationConfig.miscnn(), 11, 0.33);
    for (int iteration = 0; iteration < 6; iteration++) {
      assertEquals(inMemory.batch(PatchStream.TRAINING, 1, iteration, 4), onDisk.batch(PatchStream.TRAINING, 1, iteration, 4));
    }
    assertEquals(new PatchStream(memory, patch, null, 11).fixedSet(7), new PatchStream(disk, patch, null, 11).fixedSet(7));
  }
}
