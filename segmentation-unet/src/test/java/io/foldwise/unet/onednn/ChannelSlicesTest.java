package io.foldwise.unet.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The oneDNN channel-slice copy against ND4J's copy of the same strided view. */
class ChannelSlicesTest {

  @org.junit.jupiter.api.BeforeEach
  void directOneDnnLayersAreInUse() {
    // skipped under FOLDWISE_NATIVE=plain, whose U-Net does not call oneDNN directly
    DirectOneDnn.required();
  }

  @Test
  void everySliceEqualsNd4jsCopyOfTheView() {
    Nd4j.getRandom().setSeed(3);
    INDArray source = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 7, 11);
    long[][] slices = {{0, 4}, {4, 7}, {10, 1}, {0, 11}};
    for (long[] s : slices) {
      INDArray expected = source.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
          NDArrayIndex.all(), NDArrayIndex.interval(s[0], s[0] + s[1])).dup('c');
      INDArray actual = Nd4j.create(DataType.FLOAT, 2, 3, 5, 7, s[1]).assign(Float.NaN);
      ChannelSlices.copy(source, s[0], actual);
      assertEquals(expected, actual, "channels " + s[0] + ".." + (s[0] + s[1]));
    }
  }

  @Test
  void anEqualSplitEqualsNd4jsCopiesOfTheViews() {
    Nd4j.getRandom().setSeed(4);
    INDArray source = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 7, 12);
    for (int k : new int[] {1, 2, 3}) {
      int c = 12 / k;
      INDArray parts = Nd4j.create(DataType.FLOAT, k, 2, 3, 5, 7, c).assign(Float.NaN);
      ChannelSlices.split(source, parts);
      for (int i = 0; i < k; i++) {
        INDArray expected = source.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
            NDArrayIndex.all(), NDArrayIndex.interval(i * c, (i + 1) * c)).dup('c');
        assertEquals(expected, parts.slice(i), k + " parts, part " + i);
      }
    }
  }

  @Test
  void aSliceBeyondTheChannelsIsRefused() {
    INDArray source = Nd4j.create(DataType.FLOAT, 1, 2, 2, 2, 4);
    INDArray out = Nd4j.create(DataType.FLOAT, 1, 2, 2, 2, 3);
    assertEquals("channel slice 2..5 of [1, 2, 2, 2, 4] into [1, 2, 2, 2, 3]: needs contiguous arrays "
            + "with the same leading dimensions",
        assertThrows(IllegalArgumentException.class, () -> ChannelSlices.copy(source, 2, out)).getMessage());
  }
}
