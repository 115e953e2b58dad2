package io.foldwise.unet;

import io.foldwise.segmentation.phantom.PhantomGenerator;
import io.foldwise.segmentation.phantom.PhantomSpec;
import io.foldwise.segmentation.transform.intensity.ZScore;
import io.foldwise.segmentation.volume.Sample;
import java.util.ArrayList;
import java.util.List;

/** Small preprocessed (z-scored) phantom cases for tests. */
public final class TinyData {
  private TinyData() {}

  public static List<Sample> phantoms(int cases, long seed, int... shape) {
    PhantomSpec spec = PhantomSpec.of(cases, seed).withShape(shape);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < cases; i++) {
      out.add(new ZScore().apply(PhantomGenerator.generate(spec, i).sample()));
    }
    return out;
  }

  /**
   * One smoke-model sample (8x16x16, channels-last): Gaussian noise as the image and every voxel
   * labelled {@code labelClass} of 4, {x [1, 8, 16, 16, 1], y [1, 8, 16, 16, 4]}; seeded.
   */
  public static org.nd4j.linalg.api.ndarray.INDArray[] noiseBatch(long seed, int labelClass) {
    org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(seed);
    org.nd4j.linalg.api.buffer.DataType f = org.nd4j.linalg.api.buffer.DataType.FLOAT;
    org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.randn(f, 1, 8, 16, 16, 1);
    org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.zeros(f, 1, 8, 16, 16, 4);
    org.nd4j.linalg.indexing.INDArrayIndex all = org.nd4j.linalg.indexing.NDArrayIndex.all();
    y.get(all, all, all, all, org.nd4j.linalg.indexing.NDArrayIndex.point(labelClass)).assign(1);
    return new org.nd4j.linalg.api.ndarray.INDArray[] {x, y};
  }
}
