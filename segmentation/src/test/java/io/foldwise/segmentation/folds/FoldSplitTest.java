package io.foldwise.segmentation.folds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldSplitTest {
  private static final FoldSplit SMALL = new FoldSplit(3, List.of("a", "b", "c"), List.of(
      new Fold(0, List.of("b", "c"), List.of("a")),
      new Fold(1, List.of("a", "c"), List.of("b")),
      new Fold(2, List.of("a", "b"), List.of("c"))));

  @Test
  void canonicalJsonHasFixedLayout() {
    String expected = """
        {
          "seed" : 3,
          "folds" : 3,
          "cases" : [ "a", "b", "c" ],
          "splits" : [ {
            "fold" : 0,
            "train" : [ "b", "c" ],
            "validation" : [ "a" ]
          }, {
            "fold" : 1,
            "train" : [ "a", "c" ],
            "validation" : [ "b" ]
          }, {
            "fold" : 2,
            "train" : [ "a", "b" ],
            "validation" : [ "c" ]
          } ]
        }
        """;
    assertEquals(expected, SMALL.toJson());
  }

  @Test
  void sha256IsTheHashOfTheJsonBytes() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(SMALL.toJson().getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(digest), SMALL.sha256());
    assertEquals(64, SMALL.sha256().length());
  }

  @Test
  void jsonRoundTripKeepsSplitAndHash() {
    FoldSplit split = KFold.split(List.of("x1", "x2", "x3", "x4", "x5", "x6", "x7"), 3, -5);
    FoldSplit back = FoldSplit.fromJson(split.toJson());
    assertEquals(split, back);
    assertEquals(split.sha256(), back.sha256());
  }

  @Test
  void fileRoundTripAndBrokenFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("splits.json");
    SMALL.write(file);
    assertEquals(SMALL.toJson(), Files.readString(file));
    assertEquals(SMALL, FoldSplit.read(file));
    Files.writeString(file, "{\"seed\": 1}");
    assertEquals(file + ": split file: missing field 'folds'",
        assertThrows(IOException.class, () -> FoldSplit.read(file)).getMessage());
  }

  @Test
  void inconsistentFilesAreRejectedWithExactMessages() {
    String json = SMALL.toJson();
    assertEquals("split: case 'a' is in more than one validation set",
        assertThrows(IllegalArgumentException.class, () -> FoldSplit.fromJson(
            json.replace("\"validation\" : [ \"b\" ]", "\"validation\" : [ \"a\" ]"))).getMessage());
    assertEquals("split: fold 0 validates unknown case 'z'",
        assertThrows(IllegalArgumentException.class, () -> FoldSplit.fromJson(
            json.replace("\"validation\" : [ \"a\" ]", "\"validation\" : [ \"z\" ]"))).getMessage());
    assertEquals("split: fold 0 must train on exactly the cases it does not validate",
        assertThrows(IllegalArgumentException.class, () -> FoldSplit.fromJson(
            json.replace("\"train\" : [ \"b\", \"c\" ]", "\"train\" : [ \"b\" ]"))).getMessage());
    assertEquals("split file: 'folds' is 4 but 'splits' has 3 entries",
        assertThrows(IllegalArgumentException.class, () -> FoldSplit.fromJson(
            json.replace("\"folds\" : 3", "\"folds\" : 4"))).getMessage());
    assertEquals("split file: missing field 'seed'",
        assertThrows(IllegalArgumentException.class, () -> FoldSplit.fromJson(
            json.replace("\"seed\" : 3,", ""))).getMessage());
    assertEquals("split file must be a JSON object",
        assertThrows(IllegalArgumentException.class, () -> FoldSplit.fromJson("[1]")).getMessage());
  }
}
