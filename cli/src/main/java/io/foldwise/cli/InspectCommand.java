package io.foldwise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiHeader;
import io.foldwise.segmentation.nifti.NiftiImage;
import io.foldwise.segmentation.nifti.NiftiReadOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code foldwise inspect FILE...}: one JSON line of header facts and voxel statistics per NIfTI file. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Prints one JSON object per NIfTI file (.nii or .nii.gz): file, version (1|2), endian,"
          + " dims, datatype (NIfTI code), spacing (mm, first three axes), min, max, mean (after"
          + " scl_slope/scl_inter, over finite voxels) and nonFinite (count of NaN/Inf voxels).",
      "A file that cannot be read gets a one-line error on stderr; the others are still"
          + " printed and the exit status is 1."
    })
final class InspectCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "NIfTI files")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    NiftiReadOptions options = NiftiReadOptions.defaults().withRejectNonFinite(false);
    int status = 0;
    for (Path file : files) {
      try {
        stdout.println(JSON.writeValueAsString(describe(file, Nifti.read(file, options))));
      } catch (IOException | RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!message.startsWith(file.toString())) {
          message = file + ": " + message;
        }
        stderr.println("inspect: " + message.replace('\n', ' '));
        status = 1;
      }
      stdout.flush();
      stderr.flush();
    }
    return status;
  }

  /** The JSON fields of one file, in a stable order. */
  static Map<String, Object> describe(Path file, NiftiImage image) {
    NiftiHeader h = image.header();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    long finite = 0;
    for (float v : image.data()) {
      if (Float.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
        finite++;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", file.toString());
    out.put("version", h.version());
    out.put("endian", h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
    out.put("dims", h.dims());
    out.put("datatype", h.datatype());
    out.put("spacing", h.spacing());
    // voxels are float32: print min and max as their shortest float form (-8.710751, not -8.710750579833984)
    out.put("min", finite > 0 ? Double.parseDouble(Float.toString((float) min)) : null);
    out.put("max", finite > 0 ? Double.parseDouble(Float.toString((float) max)) : null);
    out.put("mean", finite > 0 ? sum / finite : null);
    out.put("nonFinite", image.nonFiniteCount());
    return out;
  }
}
