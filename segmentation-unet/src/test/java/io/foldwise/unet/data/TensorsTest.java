package io.foldwise.unet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.foldwise.segmentation.patch.Patch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Our (x, y, z) x-fastest volumes map to NDHWC as D = z, H = y, W = x without transposition. */
class TensorsTest {

  @Test
  void voxelXyzLandsAtNdhwcZyx() {
    int[] shape = {4, 3, 2};
    float[] image = new float[24];
    byte[] label = new byte[24];
    for (int z = 0; z < 2; z++) {
      for (int y = 0; y < 3; y++) {
        for (int x = 0; x < 4; x++) {
          int i = x + 4 * (y + 3 * z);
          image[i] = 100 * x + 10 * y + z;
          label[i] = (byte) ((x + y + z) % 3);
        }
      }
    }
    Patch p = new Patch(shape, image, label);
    INDArray img = Tensors.images(List.of(p, p));
    assertArrayEquals(new long[] {2, 2, 3, 4, 1}, img.shape());
    assertEquals(100 * 3 + 10 * 1 + 1, img.getFloat(new long[] {1, 1, 1, 3, 0}));
    INDArray hot = Tensors.oneHot(List.of(p), 3);
    assertArrayEquals(new long[] {1, 2, 3, 4, 3}, hot.shape());
    assertEquals(1f, hot.getFloat(new long[] {0, 1, 2, 3, (3 + 2 + 1) % 3}));
    assertEquals(24.0, hot.sumNumber().doubleValue());
    float[][] maps = Tensors.classMaps(hot, 0);
    assertEquals(1f, maps[label[5]][5]);
    assertEquals(0f, maps[(label[5] + 1) % 3][5]);
    assertEquals(1f, maps[label[17]][17]);
  }

  @Test
  void aLabelOutsideTheClassesIsRefused() {
    Patch p = new Patch(new int[] {1, 1, 1}, new float[] {0}, new byte[] {4});
    assertEquals("label 4 at patch voxel 0 is outside 0..3; the model has 4 classes",
        assertThrows(IllegalArgumentException.class, () -> Tensors.oneHot(List.of(p), 4)).getMessage());
  }

  @Test
  void thePatchStreamIsAFunctionOfItsPosition() {
    List<io.foldwise.segmentation.volume.Sample> data = io.foldwise.unet.TinyData.phantoms(2, 3, 24, 20, 10);
    PatchStream a = new PatchStream(data, new int[] {16, 16, 8},
        io.foldwise.segmentation.augment.AugmentationConfig.miscnn(), 9);
    PatchStream b = new PatchStream(data, new int[] {16, 16, 8},
        io.foldwise.segmentation.augment.AugmentationConfig.miscnn(), 9);
    List<Patch> later = b.batch(PatchStream.TRAINING, 2, 5, 2);
    assertEquals(a.batch(PatchStream.TRAINING, 2, 5, 2), later);
    try (BatchQueue q = new BatchQueue(a, PatchStream.TRAINING, 2, 6, 2, 3)) {
      for (int i = 0; i < 5; i++) {
        q.next();
      }
      assertEquals(later, q.next());
    }
  }
}
