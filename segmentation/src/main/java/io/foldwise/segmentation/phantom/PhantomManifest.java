package io.foldwise.segmentation.phantom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The content of {@code phantoms.json}: the spec, the class names, where the left lung is, and the
 * intended description of every case.
 */
public record PhantomManifest(
    String generator,
    long seed,
    int cases,
    int[] shape,
    double noiseHu,
    int windowedCases,
    List<String> classes,
    String orientation,
    List<PhantomCase> caseList) {

  public static final String FILE_NAME = "phantoms.json";
  public static final String GENERATOR = "foldwise-phantoms/1";
  public static final String ORIENTATION =
      "RAS+: x grows to the patient's left; label 1 (lung_L, left lung) lies at higher x";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static PhantomManifest of(PhantomSpec spec, List<PhantomCase> cases) {
    return new PhantomManifest(GENERATOR, spec.seed(), spec.cases(), spec.shape(), spec.noiseHu(),
        spec.windowedCases(), List.of("background", "lung_L", "lung_R", "infection"), ORIENTATION,
        List.copyOf(cases));
  }

  public String toJson() throws IOException {
    return JSON.writeValueAsString(this) + "\n";
  }

  public static PhantomManifest read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), PhantomManifest.class);
  }
}
