package io.foldwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiDatatype;
import io.foldwise.segmentation.nifti.NiftiTestData;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path dir;

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Main.run(args);
      return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void printsOneJsonObjectPerFile() throws Exception {
    Geometry g = Geometry.of(new int[] {4, 3, 2}, new double[] {0.75, 0.75, 2.5});
    float[] hu = new float[24];
    for (int i = 0; i < hu.length; i++) {
      hu[i] = -1000 + 100 * i; // -1000 .. 1300, mean 150
    }
    Path ct = dir.resolve("ct.nii.gz");
    Nifti.writeImage(ct, new ImageVolume(g, hu), NiftiDatatype.INT16);
    Path big = NiftiTestData.niftiReaderJs("big.nii.gz");

    Result r = run("inspect", ct.toString(), big.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
    String[] lines = r.out().split("\n");
    assertEquals(2, lines.length, r.out());
    assertEquals("{\"file\":\"" + ct + "\",\"version\":1,\"endian\":\"little\",\"dims\":[4,3,2],"
        + "\"datatype\":4,\"spacing\":[0.75,0.75,2.5],\"min\":-1000.0,\"max\":1300.0,\"mean\":150.0,"
        + "\"nonFinite\":0}", lines[0]);
    JsonNode b = new ObjectMapper().readTree(lines[1]);
    assertEquals(big.toString(), b.get("file").asText());
    assertEquals("big", b.get("endian").asText());
    assertEquals("[64,64,21]", b.get("dims").toString());
    assertEquals(16, b.get("datatype").asInt());
    assertEquals("[4.0,4.0,6.0]", b.get("spacing").toString());
    // nibabel: min -8.71075058, max 18.5825291, mean 0.135420991699
    assertEquals("-8.710751", b.get("min").toString());
    assertEquals("18.58253", b.get("max").toString());
    assertEquals(0.135420991699, b.get("mean").asDouble(), 1e-9);
  }

  @Test
  void reportsNifti2And5DFiles() throws Exception {
    Path nifti2 = NiftiTestData.nibabel("example_nifti2.nii.gz");
    Path fiveD = NiftiTestData.niftiReaderJs("5D.nii");
    Result r = run("inspect", nifti2.toString(), fiveD.toString());
    assertEquals(0, r.status(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals("{\"file\":\"" + nifti2 + "\",\"version\":2,\"endian\":\"little\",\"dims\":[32,20,12,2],"
        + "\"datatype\":4,\"spacing\":[2.0,2.0,2.1999990940093994],\"min\":46.0,\"max\":757.0,"
        + "\"mean\":450.963671875,\"nonFinite\":0}", lines[0]);
    JsonNode f = new ObjectMapper().readTree(lines[1]);
    assertEquals("[256,256,170,1,3]", f.get("dims").toString());
    assertEquals(2, f.get("datatype").asInt());
    assertEquals(51.3196862913, f.get("mean").asDouble(), 1e-9);
  }

  @Test
  void brokenFilesGetOneErrorLineEachAndTheOthersAreStillPrinted() throws Exception {
    Path notNifti = NiftiTestData.niftiReaderJs("not-nifti.nii");
    Path missing = dir.resolve("missing.nii.gz");
    Path truncated = dir.resolve("truncated.nii");
    Nifti.writeImage(truncated, new ImageVolume(Geometry.of(new int[] {2, 2, 2}, new double[] {1, 1, 1}), new float[8]));
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 4));
    Path good = dir.resolve("good.nii");
    Nifti.writeImage(good, new ImageVolume(Geometry.of(new int[] {1, 1, 2}, new double[] {1, 1, 1}), new float[] {1, 2}));

    Result r = run("inspect", notNifti.toString(), missing.toString(), good.toString(), truncated.toString());

    assertEquals(1, r.status());
    assertEquals("{\"file\":\"" + good + "\",\"version\":1,\"endian\":\"little\",\"dims\":[1,1,2],"
        + "\"datatype\":16,\"spacing\":[1.0,1.0,1.0],\"min\":1.0,\"max\":2.0,\"mean\":1.5,\"nonFinite\":0}\n", r.out());
    assertEquals(
        "inspect: " + notNifti + ": not a NIfTI file: sizeof_hdr is -1428999419, expected 348 (NIfTI-1)"
            + " or 540 (NIfTI-2); check that it is a .nii or .nii.gz image\n"
            + "inspect: " + missing + ": no such file; check the path\n"
            + "inspect: " + truncated + ": truncated: dims [2, 2, 2] of float32 need 384 bytes (vox_offset"
            + " 352 + 32 of voxels), the file has 380; the file is incomplete, download or copy it again\n",
        r.err());
  }

  @Test
  void countsNonFiniteVoxelsInsteadOfFailing() throws Exception {
    Path file = NiftiTestData.nibabel("resampled_anat_moved.nii");
    Result r = run("inspect", file.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(153, j.get("nonFinite").asInt());
    assertEquals(409.300446, j.get("min").asDouble(), 1e-5);
    assertEquals(13360.9619, j.get("max").asDouble(), 1e-3);
  }
}
