package io.foldwise.unet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void theSelectedBuildIsTheOneLoaded() throws Exception {
    String chosen = NativeBackend.select();
    org.nd4j.linalg.factory.Nd4j.create(1); // loads ND4J if no test did yet
    List<String> loaded = Files.readAllLines(Path.of("/proc/self/maps")).stream()
        .filter(l -> l.endsWith("/libnd4jcpu.so")).map(l -> l.substring(l.indexOf('/')))
        .distinct().toList();
    assertEquals(1, loaded.size(), "libnd4jcpu.so mappings: " + loaded);
    String dir = chosen.equals("-onednn-avx512") || chosen.equals("-onednn-avx2")
        ? "/linux-x86_64" + chosen + "/" : "/linux-x86_64/";
    assertTrue(loaded.get(0).contains(dir), "selected " + chosen + " but loaded " + loaded.get(0));
  }

  @Test
  void aPresetPropertyIsKept() {
    // surefire sets nothing, so NativeBackendSession chose from /proc/cpuinfo before the tests
    String chosen = NativeBackend.select();
    assertEquals(chosen, System.getProperty(NativeBackend.PROPERTY));
    assertEquals(chosen, NativeBackend.select());
  }

  @Test
  void theDescriptionNamesTheBuildTheOneDnnSettingAndTheThreads() {
    // surefire runs this module with OMP_NUM_THREADS=1 (pom.xml)
    assertEquals("nd4j-native linux-x86_64" + NativeBackend.select() + "; direct oneDNN layers "
        + (io.foldwise.unet.onednn.OneDnn.available() ? "on" : "off") + "; OpenMP threads 1",
        NativeBackend.describe());
    assertTrue(io.foldwise.unet.onednn.OneDnn.available(), "oneDNN did not load");
  }
}
