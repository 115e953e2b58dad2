package io.foldwise.segmentation.patch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import io.foldwise.segmentation.volume.LabelVolume;
import io.foldwise.segmentation.volume.Sample;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomPatchSamplerTest {
  /** Image value = linear index + 1 (never 0), label = (x + y + z) % 4. */
  static Sample indexed(int[] shape) {
    Geometry g = Geometry.of(shape, new double[] {1, 1, 1});
    float[] image = new float[g.voxelCount()];
    byte[] label = new byte[g.voxelCount()];
    for (int z = 0; z < shape[2]; z++) {
      for (int y = 0; y < shape[1]; y++) {
        for (int x = 0; x < shape[0]; x++) {
          int i = g.index(x, y, z);
          image[i] = i + 1;
          label[i] = (byte) ((x + y + z) % 4);
        }
      }
    }
    return new Sample("case_1", new ImageVolume(g, image), new LabelVolume(g, label));
  }

  @Test
  void patchIsTheCropAtTheDrawnOrigin() {
    Sample s = indexed(new int[] {20, 15, 10});
    RandomPatchSampler sampler = new RandomPatchSampler(new int[] {8, 6, 4});
    int[] origin = sampler.origin(new int[] {20, 15, 10}, new SplittableRandom(3));
    Patch p = sampler.sample(s, new SplittableRandom(3));
    assertArrayEquals(new int[] {8, 6, 4}, p.shape());
    for (int z = 0; z < 4; z++) {
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 8; x++) {
          int pi = x + 8 * (y + 6 * z);
          int vi = s.image().geometry().index(origin[0] + x, origin[1] + y, origin[2] + z);
          assertEquals(s.image().data()[vi], p.image()[pi]);
          assertEquals(s.label().data()[vi], p.label()[pi]);
        }
      }
    }
  }

  @Test
  void sameSeedSamePatchDifferentSeedDifferentPatch() {
    Sample s = indexed(new int[] {30, 30, 20});
    RandomPatchSampler sampler = new RandomPatchSampler(new int[] {8, 8, 8});
    Patch a = sampler.sample(s, new SplittableRandom(42));
    Patch b = sampler.sample(s, new SplittableRandom(42));
    Patch c = sampler.sample(s, new SplittableRandom(43));
    assertArrayEquals(a.image(), b.image());
    assertArrayEquals(a.label(), b.label());
    assertFalse(Arrays.equals(a.image(), c.image()));
  }

  @Test
  void originsCoverTheWholeRangeIncludingTheFarBorder() {
    RandomPatchSampler sampler = new RandomPatchSampler(new int[] {4, 4, 4});
    SplittableRandom rng = new SplittableRandom(1);
    boolean[] seen = new boolean[3];
    for (int i = 0; i < 200; i++) {
      int x = sampler.origin(new int[] {6, 4, 4}, rng)[0];
      assertTrue(x >= 0 && x <= 2, "origin " + x);
      seen[x] = true;
    }
    assertArrayEquals(new boolean[] {true, true, true}, seen);
  }

  @Test
  void smallerVolumeIsCentredAndPaddedWithZeros() {
    Sample s = indexed(new int[] {3, 10, 2});
    RandomPatchSampler sampler = new RandomPatchSampler(new int[] {6, 4, 3});
    Patch p = sampler.sample(s, new SplittableRandom(5));
    int[] origin = sampler.origin(new int[] {3, 10, 2}, new SplittableRandom(5));
    assertEquals(-1, origin[0]); // slack -3: one voxel of padding before, two after
    assertEquals(0, origin[2]); // slack -1: padding after
    for (int z = 0; z < 3; z++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 6; x++) {
          int pi = x + 6 * (y + 4 * z);
          boolean inside = x >= 1 && x <= 3 && z <= 1;
          if (inside) {
            int vi = s.image().geometry().index(x - 1, origin[1] + y, z);
            assertEquals(s.image().data()[vi], p.image()[pi]);
          } else {
            assertEquals(0f, p.image()[pi]);
            assertEquals(0, p.label()[pi]);
          }
        }
      }
    }
  }

  @Test
  void imageOnlySamplesHaveNoLabels() {
    Sample s = indexed(new int[] {5, 5, 5});
    Sample imageOnly = new Sample("case_1", s.image(), null);
    Patch p = new RandomPatchSampler(new int[] {2, 2, 2}).sample(imageOnly, new SplittableRandom(1));
    assertEquals(null, p.label());
  }

  @Test
  void badPatchShapeIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RandomPatchSampler(new int[] {160, 0, 80}));
    assertEquals("patchShape must be positive, got [160, 0, 80]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Patch(new int[] {2, 2, 2}, new float[7], null));
    assertEquals("image has 7 voxels but patch shape [2, 2, 2] needs 8", e.getMessage());
  }

  /** Background everywhere but a small cube of label 3 near a corner and a slab of label 1. */
  static Sample sparse(int[] shape) {
    Geometry g = Geometry.of(shape, new double[] {1, 1, 1});
    float[] image = new float[g.voxelCount()];
    byte[] label = new byte[g.voxelCount()];
    for (int i = 0; i < image.length; i++) {
      image[i] = i + 1;
    }
    for (int z = 0; z < 2; z++) {
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 2; x++) {
          label[g.index(shape[0] - 1 - x, y, z)] = 3;
        }
      }
    }
    for (int y = 10; y < 12; y++) {
      for (int x = 0; x < shape[0]; x++) {
        label[g.index(x, y, shape[2] - 1)] = 1;
      }
    }
    return new Sample("sparse", new ImageVolume(g, image), new LabelVolume(g, label));
  }

  @Test
  void foregroundPatchesHoldAForegroundVoxelOfEachClassInTurnAndStayInside() {
    Sample s = sparse(new int[] {30, 30, 20});
    ClassLocations where = ClassLocations.of(s.label());
    assertArrayEquals(new int[] {1, 3}, where.labels());
    RandomPatchSampler sampler = new RandomPatchSampler(new int[] {8, 8, 4});
    SplittableRandom rng = new SplittableRandom(5);
    int[] seen = new int[4];
    for (int i = 0; i < 200; i++) {
      Patch p = sampler.sampleForeground(s, where, rng);
      boolean fg = false;
      for (byte b : p.label()) {
        fg |= b > 0;
        seen[b]++;
      }
      assertTrue(fg, "patch " + i + " has no foreground");
      for (float v : p.image()) {
        assertTrue(v > 0, "patch " + i + " reaches outside the volume (padding)");
      }
    }
    assertTrue(seen[1] > 0 && seen[3] > 0, Arrays.toString(seen));
    // random crops of the same case rarely hold the 8-voxel cube
    int random = 0;
    SplittableRandom r2 = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      for (byte b : sampler.sample(s, r2).label()) {
        if (b == 3) {
          random++;
          break;
        }
      }
    }
    assertTrue(random < 20, "random crops with label 3: " + random);
  }

  @Test
  void classLocationsKeepAtMostTenThousandVoxelsPerClassAndEmptyMeansRandom() {
    Geometry g = Geometry.of(new int[] {50, 50, 10}, new double[] {1, 1, 1});
    byte[] label = new byte[g.voxelCount()];
    Arrays.fill(label, (byte) 2); // 25,000 voxels of label 2
    ClassLocations many = ClassLocations.of(new LabelVolume(g, label));
    assertArrayEquals(new int[] {2}, many.labels());
    assertEquals(8334, many.voxelsOf(0).length); // every 3rd voxel
    assertTrue(many.voxelsOf(0).length <= ClassLocations.MAX_PER_CLASS);
    Sample empty = new Sample("e", new ImageVolume(g, new float[g.voxelCount()]),
        new LabelVolume(g, new byte[g.voxelCount()]));
    ClassLocations none = ClassLocations.of(empty.label());
    assertTrue(none.isEmpty());
    RandomPatchSampler sampler = new RandomPatchSampler(new int[] {8, 8, 4});
    assertEquals(sampler.sample(empty, new SplittableRandom(9)),
        sampler.sampleForeground(empty, none, new SplittableRandom(9)));
  }
}
