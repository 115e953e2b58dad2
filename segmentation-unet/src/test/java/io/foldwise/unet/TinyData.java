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
}
