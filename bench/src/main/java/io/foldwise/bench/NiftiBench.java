package io.foldwise.bench;

import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.nifti.NiftiDatatype;
import io.foldwise.segmentation.nifti.NiftiImage;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.ImageVolume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * NIfTI read speed: {@code Nifti.read} of a generated 512x512x300 int16 {@code .nii.gz} against a
 * plain {@code GZIPInputStream} decode of the same file into a byte array, timed alternately in
 * the same run (median of 5 after 2 warm-ups each). MB/s counts decompressed bytes (MB = 10^6).
 */
public final class NiftiBench {
  static final int[] SHAPE = {512, 512, 300};
  private static final int WARMUPS = 2;
  private static final int RUNS = 5;

  private NiftiBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("foldwise-nifti-bench");
    try {
      run(work).forEach((k, v) -> System.out.println(k + ": " + v));
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Writes the test files into {@code workDir} (about 160 MB uncompressed) and measures. */
  public static Map<String, Object> run(Path workDir) throws Exception {
    Geometry g = Geometry.of(SHAPE, new double[] {0.7, 0.7, 1.0});
    ImageVolume ct = new ImageVolume(g, ResampleBench.ctLike(g, 7, 20));
    Path gz = workDir.resolve("ct.nii.gz");
    long writeStart = System.nanoTime();
    Nifti.writeImage(gz, ct, NiftiDatatype.INT16);
    double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
    long decompressed = 352L + 2L * g.voxelCount();
    checkSameVoxels(Nifti.read(gz), ct);

    double[] gzipTimes = new double[RUNS];
    double[] niftiTimes = new double[RUNS];
    for (int i = 0; i < WARMUPS; i++) {
      gunzip(gz, decompressed);
      Nifti.read(gz);
    }
    for (int i = 0; i < RUNS; i++) {
      gzipTimes[i] = seconds(() -> gunzip(gz, decompressed));
      niftiTimes[i] = seconds(() -> Nifti.read(gz));
    }
    double gzipS = median(gzipTimes);
    double niftiS = median(niftiTimes);

    Path nii = workDir.resolve("ct.nii");
    Nifti.writeImage(nii, ct, NiftiDatatype.INT16);
    Nifti.read(nii);
    double[] rawTimes = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      rawTimes[i] = seconds(() -> Nifti.read(nii));
    }

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("file", Arrays.toString(SHAPE) + " int16 .nii.gz, " + mb(decompressed) + " MB decompressed, "
        + mb(Files.size(gz)) + " MB compressed");
    out.put("GZIPInputStream decode to byte[]", rate(decompressed, gzipS));
    out.put("Nifti.read .nii.gz to float[]", rate(decompressed, niftiS));
    out.put("ratio Nifti.read / GZIPInputStream", String.format("%.2f (goal >= 0.80)", gzipS / niftiS));
    out.put("Nifti.read .nii (uncompressed) to float[]", rate(decompressed, median(rawTimes)));
    out.put("Nifti.writeImage int16 .nii.gz (one run)", rate(decompressed, writeSeconds));
    return out;
  }

  private interface Body {
    void run() throws IOException;
  }

  private static double seconds(Body body) throws IOException {
    long start = System.nanoTime();
    body.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** Plain decode of the whole file into a byte array of its decompressed size. */
  private static void gunzip(Path file, long size) throws IOException {
    byte[] bytes = new byte[(int) size];
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      int n = in.readNBytes(bytes, 0, bytes.length);
      if (n != size) {
        throw new IOException(file + ": decoded " + n + " bytes, expected " + size);
      }
    }
  }

  private static void checkSameVoxels(NiftiImage read, ImageVolume written) {
    float[] a = read.data();
    float[] b = written.data();
    for (int i = 0; i < b.length; i++) {
      if (a[i] != b[i]) { // == so that -0.0 written as int16 0 counts as equal
        throw new IllegalStateException("the bench file did not read back as written: voxel " + i
            + " is " + a[i] + ", written " + b[i]);
      }
    }
  }

  private static String rate(long bytes, double seconds) {
    return String.format("%.1f MB/s (%.3f s)", bytes / seconds / 1e6, seconds);
  }

  private static String mb(long bytes) {
    return String.format("%.1f", bytes / 1e6);
  }
}
