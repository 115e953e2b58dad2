package io.foldwise.unet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * stack/native.sh (what ./foldwise and stack/test.sh use before a JVM starts) and {@link NativeBuild}
 * (what every JVM applies) agree on every setting and CPU: the same build, or the same error message.
 */
class NativeBuildShellTest {
  private static final Path SCRIPT = Path.of("..", "stack", "native.sh").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({
      "auto, fpu avx2 fma avx512f avx512bw avx512dq avx512vl",
      "'', fpu avx2 fma",
      "avx2, fpu avx2 fma avx512f avx512bw avx512dq avx512vl",
      "plain, fpu avx2 fma",
      "PLAIN, sse4_2",
      "auto, sse4_2 avx",
      "avx512, fpu avx2 fma avx512f",
      "avx2, sse4_2 avx fma",
      "sse, fpu avx2 fma",
  })
  void shellAndJavaResolveTheSameBuild(String setting, String flags) throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nflags\t\t: " + flags + "\n");
    Set<String> flagSet = new HashSet<>(Arrays.asList(flags.split(" ")));
    String expected;
    try {
      NativeBuild b = NativeBuild.resolve(setting, flagSet);
      expected = "build " + b.label() + " [" + b.extension() + "] supported "
          + NativeBuild.supported(flagSet).stream().map(NativeBuild::label).collect(Collectors.joining(" "));
    } catch (IllegalArgumentException e) {
      expected = "error " + e.getMessage();
    }
    String script = "source '" + SCRIPT + "'; if b=$(native_resolve 2>/tmp/.fw-native-err-$$); then "
        + "echo \"build $b [$(native_extension $b)] supported $(native_supported | tr '\\n' ' ' | sed 's/ $//')\"; "
        + "else echo \"error $(cat /tmp/.fw-native-err-$$)\"; fi; rm -f /tmp/.fw-native-err-$$";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
    pb.environment().put("FOLDWISE_CPUINFO", cpuinfo.toString());
    pb.environment().put("FOLDWISE_NATIVE", setting);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor());
    assertEquals(expected, out,
        "FOLDWISE_NATIVE='" + setting + "' with flags " + flags);
  }

  @org.junit.jupiter.api.Test
  void theScriptExists() throws IOException {
    assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " missing");
    List<String> lines = Files.readAllLines(SCRIPT);
    assertTrue(lines.stream().anyMatch(l -> l.contains("NativeBuild")), "native.sh names its Java twin");
  }
}
