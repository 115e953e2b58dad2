package io.foldwise.unet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeBackendTest {

  @Test
  void picksTheFastestBuildTheFlagsAllow() {
    assertEquals("-onednn-avx512",
        NativeBackend.extensionFor(Set.of("avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl")));
    assertEquals("-onednn-avx2", NativeBackend.extensionFor(Set.of("avx2", "fma", "avx512f")));
    assertEquals("-onednn", NativeBackend.extensionFor(Set.of("sse4_2", "avx")));
    assertEquals("-onednn", NativeBackend.extensionFor(Set.of()));
  }

  @Test
  void readsTheFlagsLineOfCpuinfo(@TempDir Path dir) throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu avx2 fma\n\nprocessor\t: 1\n");
    assertEquals(Set.of("fpu", "avx2", "fma"), NativeBackend.cpuFlags(cpuinfo));
    assertEquals(Set.of(), NativeBackend.cpuFlags(dir.resolve("missing")));
  }

  @Test
  void aPresetPropertyIsKept() {
    // surefire sets nothing, so select() chose from /proc/cpuinfo when ND4J was first used
    String chosen = NativeBackend.select();
    assertEquals(chosen, System.getProperty(NativeBackend.PROPERTY));
    assertEquals(chosen, NativeBackend.select());
  }
}
