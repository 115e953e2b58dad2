package io.foldwise.unet.onednn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.foldwise.unet.runtime.NativeBackend;

/** For tests of the direct oneDNN primitives: they run under every build whose U-Net uses them. */
public final class DirectOneDnn {
  private DirectOneDnn() {}

  /**
   * Fails when the build in effect uses direct oneDNN layers but oneDNN did not load; skips the test
   * under a build whose U-Net does not use them ({@code FOLDWISE_NATIVE=plain}).
   */
  public static void required() {
    assumeTrue(NativeBackend.build().directOneDnn(),
        "direct oneDNN layers are off with FOLDWISE_NATIVE=" + NativeBackend.build().label());
    assertTrue(OneDnn.available(), "oneDNN did not load");
  }

  /** Asserts every implementation in a comma-separated list ("training jit:avx2, ...") is a jit kernel. */
  public static void assertAllJit(String implementations) {
    for (String part : implementations.split(",")) {
      String[] words = part.trim().split("\\s+");
      String impl = words[words.length - 1];
      assertTrue(OneDnn.isJit(impl), "not a jit kernel: '" + impl + "' in " + implementations
          + " (oneDNN ISA " + OneDnn.effectiveIsa() + ")");
    }
  }
}
