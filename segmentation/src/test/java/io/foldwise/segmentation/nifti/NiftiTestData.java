package io.foldwise.segmentation.nifti;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * NIfTI files written by other tools (nibabel's test data from Debian's python3-nibabel, and
 * nifti-reader-js@0.5.4's from npm), fetched once per JVM by
 * {@code segmentation/src/test/scripts/fetch-nifti-testdata.sh} into
 * {@code ${FOLDWISE_CACHE:-~/.cache/foldwise}/testdata}. A test using them fails (never skips)
 * when they cannot be fetched.
 */
public final class NiftiTestData {
  private static final String SCRIPT = "segmentation/src/test/scripts/fetch-nifti-testdata.sh";
  private static Path root;

  private NiftiTestData() {}

  /** A nibabel test file, e.g. {@code "example_nifti2.nii.gz"}. */
  public static Path nibabel(String name) {
    return root().resolve("nibabel").resolve(name);
  }

  /** A nifti-reader-js test file, e.g. {@code "big.nii.gz"}. */
  public static Path niftiReaderJs(String name) {
    return root().resolve("nifti-reader-js").resolve(name);
  }

  /** The cache directory, fetched on first use. */
  public static synchronized Path root() {
    if (root == null) {
      root = fetch();
    }
    return root;
  }

  private static Path fetch() {
    String cache = System.getenv("FOLDWISE_CACHE");
    Path dest = (cache != null && !cache.isBlank() ? Path.of(cache)
        : Path.of(System.getProperty("user.home"), ".cache", "foldwise")).resolve("testdata");
    Path script = findScript();
    try {
      Process p = new ProcessBuilder("bash", script.toString(), dest.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = p.waitFor();
      if (status != 0) {
        fail("could not fetch the NIfTI test files with " + script + " (exit " + status + "):\n" + out);
      }
    } catch (IOException e) {
      fail("could not run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while fetching the NIfTI test files");
    }
    return dest;
  }

  private static Path findScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SCRIPT);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("cannot find " + SCRIPT + " above " + Path.of("").toAbsolutePath());
  }
}
