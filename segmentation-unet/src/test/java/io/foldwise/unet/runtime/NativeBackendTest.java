package io.foldwise.unet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeBackendTest {

  private static final Set<String> AVX512 = Set.of("avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl");
  private static final Set<String> AVX2 = Set.of("avx2", "fma", "avx512f");
  private static final Set<String> OLD = Set.of("sse4_2", "avx");

  @Test
  void autoPicksTheFastestBuildTheFlagsAllow() {
    assertEquals("-onednn-avx512", NativeBackend.extensionFor(AVX512));
    assertEquals("-onednn-avx2", NativeBackend.extensionFor(AVX2));
    assertEquals("", NativeBackend.extensionFor(OLD));
    assertEquals("", NativeBackend.extensionFor(Set.of()));
    assertEquals(NativeBuild.AVX2, NativeBuild.resolve(null, AVX2));
    assertEquals(NativeBuild.AVX2, NativeBuild.resolve(" Auto ", AVX2));
    assertEquals(NativeBuild.AVX512, NativeBuild.resolve("", AVX512));
  }

  @Test
  void everyBuildTheCpuRunsCanBeForced() {
    assertEquals(List.of(NativeBuild.AVX512, NativeBuild.AVX2, NativeBuild.PLAIN), NativeBuild.supported(AVX512));
    assertEquals(List.of(NativeBuild.AVX2, NativeBuild.PLAIN), NativeBuild.supported(AVX2));
    assertEquals(List.of(NativeBuild.PLAIN), NativeBuild.supported(OLD));
    assertEquals(NativeBuild.AVX2, NativeBuild.resolve("avx2", AVX512));
    assertEquals(NativeBuild.PLAIN, NativeBuild.resolve("PLAIN", AVX512));
    assertEquals("", NativeBuild.PLAIN.extension());
    assertEquals(false, NativeBuild.PLAIN.directOneDnn());
    assertEquals("avx2", NativeBuild.AVX2.maxIsa());
  }

  @Test
  void aBuildTheCpuCannotRunOrAnUnknownNameIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeBuild.resolve("avx512", AVX2));
    assertEquals("FOLDWISE_NATIVE=avx512 needs a CPU with avx512f, avx512bw, avx512dq, avx512vl; this CPU lacks "
        + "avx512bw, avx512dq, avx512vl. Use one it runs: auto (avx2 here), avx2, plain", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NativeBuild.resolve("avx2", OLD));
    assertEquals("FOLDWISE_NATIVE=avx2 needs a CPU with avx2, fma; this CPU lacks avx2, fma. Use one it runs: "
        + "auto (plain here), plain", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> NativeBuild.resolve("sse", AVX2));
    assertEquals("FOLDWISE_NATIVE='sse' is not a native build; use auto, avx512, avx2 or plain", e.getMessage());
  }

  @Test
  void aPresetJavaCppExtensionIsKeptUnlessANamedBuildDisagrees() {
    assertEquals(NativeBuild.AVX2, NativeBackend.resolve(null, AVX512, "-onednn-avx2"));
    assertEquals(NativeBuild.PLAIN, NativeBackend.resolve("auto", AVX512, "-onednn"));
    assertEquals(NativeBuild.AVX2, NativeBackend.resolve("avx2", AVX512, "-onednn-avx2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NativeBackend.resolve("plain", AVX512, "-onednn-avx2"));
    assertEquals("FOLDWISE_NATIVE=plain selects nd4j-native linux-x86_64 but "
        + "-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 selects another build; drop one of the two", e.getMessage());
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
    String dir = "/linux-x86_64" + chosen + "/";
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
    NativeBuild build = NativeBackend.build();
    String isa = build.directOneDnn() ? ", ISA " + io.foldwise.unet.onednn.OneDnn.effectiveIsa() : "";
    assertEquals("nd4j-native linux-x86_64" + build.extension() + " (FOLDWISE_NATIVE=" + build.label()
        + "); direct oneDNN layers " + (build.directOneDnn() ? "on" : "off") + isa + "; OpenMP threads 1",
        NativeBackend.describe());
    assertEquals(build.directOneDnn(), io.foldwise.unet.onednn.OneDnn.available(), "direct oneDNN in effect");
    if (build.maxIsa() != null) {
      assertEquals(build.maxIsa(), io.foldwise.unet.onednn.OneDnn.effectiveIsa(), "oneDNN capped at the build's ISA");
    }
  }

  @Test
  void theBuildInEffectIsTheOneTheSettingNames() {
    // ./foldwise test runs this module once per build the CPU supports, with FOLDWISE_NATIVE set
    assertEquals(NativeBuild.resolve(NativeBackend.setting(), NativeBackend.cpuFlags(Path.of("/proc/cpuinfo"))),
        NativeBackend.build());
  }
}
