package io.foldwise.runtime.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeFingerprintTest {

  @Test
  void reachesTheLibraryClassesAStageUsesButNotThePlumbing() {
    CodeFingerprint.Fingerprint f = CodeFingerprint.of(StageKeys.class);
    assertTrue(f.classes().contains("io/foldwise/runtime/experiment/StageKeys"), f.classes().toString());
    assertTrue(f.classes().contains("io/foldwise/runtime/experiment/ExperimentConfig"), f.classes().toString());
    // StageKeys -> ExperimentConfig -> Sha256 (segmentation library)
    assertTrue(f.classes().contains("io/foldwise/segmentation/hash/Sha256"), f.classes().toString());
    assertFalse(f.classes().contains("io/foldwise/runtime/artifact/StageCache"), "transport code is left out");
    assertTrue(f.libraries().stream().anyMatch(l -> l.startsWith("jackson-databind-")), f.libraries().toString());
    assertTrue(f.hash().matches("[0-9a-f]{64}"), f.hash());
  }

  @Test
  void theSameCodeGivesTheSameHashAndOtherCodeAnother() {
    assertEquals(CodeFingerprint.hash(StageKeys.class), CodeFingerprint.hash(StageKeys.class));
    assertNotEquals(CodeFingerprint.hash(StageKeys.class), CodeFingerprint.hash(FoldInputs.class));
  }

  @Test
  void readsClassReferencesFromTheConstantPool() throws Exception {
    byte[] bytes;
    try (InputStream in = FoldInputs.class.getResourceAsStream("FoldInputs.class")) {
      bytes = in.readAllBytes();
    }
    Set<String> refs = CodeFingerprint.referencedClasses(bytes);
    assertTrue(refs.contains("io/foldwise/runtime/experiment/StageKeys"), refs.toString());
    assertTrue(refs.contains("com/fasterxml/jackson/databind/ObjectMapper"), refs.toString());
    assertTrue(refs.contains("java/lang/String"), refs.toString());
  }
}
