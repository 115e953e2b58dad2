package io.foldwise.segmentation.folds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.foldwise.segmentation.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A k-fold split: the seed it was made with, all case ids (sorted) and the folds. Its canonical
 * JSON ({@link #toJson()}, fixed key order, two-space indentation, trailing newline) is the split
 * file; {@link #sha256()} hashes exactly those bytes, so the hash identifies the split.
 */
public record FoldSplit(long seed, List<String> caseIds, List<Fold> folds) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public FoldSplit {
    Objects.requireNonNull(caseIds, "caseIds == null");
    Objects.requireNonNull(folds, "folds == null");
    caseIds = List.copyOf(caseIds);
    folds = List.copyOf(folds);
    validate(caseIds, folds);
  }

  /** Number of folds. */
  public int k() {
    return folds.size();
  }

  /** Fold {@code index} (0-based). */
  public Fold fold(int index) {
    if (index < 0 || index >= folds.size()) {
      throw new IllegalArgumentException(
          "fold must be in 0.." + (folds.size() - 1) + ", got " + index);
    }
    return folds.get(index);
  }

  /** The canonical split file. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("seed", seed);
    root.put("folds", folds.size());
    ArrayNode ids = root.putArray("cases");
    caseIds.forEach(ids::add);
    ArrayNode splits = root.putArray("splits");
    for (Fold f : folds) {
      ObjectNode node = splits.addObject();
      node.put("fold", f.index());
      ArrayNode train = node.putArray("train");
      f.train().forEach(train::add);
      ArrayNode validation = node.putArray("validation");
      f.validation().forEach(validation::add);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 (lower-case hex) of the bytes of {@link #toJson()} in UTF-8. */
  public String sha256() {
    return Sha256.of(toJson());
  }

  /** Writes the split file ({@link #toJson()} in UTF-8) to {@code file}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  /** Reads a split file; a broken or inconsistent file is an error naming the file. */
  public static FoldSplit read(Path file) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a split file written by {@link #toJson()}; a broken or inconsistent file is an error. */
  public static FoldSplit fromJson(String json) {
    Objects.requireNonNull(json, "json == null");
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "split file is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("split file must be a JSON object");
    }
    long seed = required(root, "seed").asLong();
    int k = required(root, "folds").asInt();
    List<String> ids = strings(required(root, "cases"), "cases");
    JsonNode splits = required(root, "splits");
    if (!splits.isArray()) {
      throw new IllegalArgumentException("split file: 'splits' must be an array");
    }
    if (splits.size() != k) {
      throw new IllegalArgumentException(
          "split file: 'folds' is " + k + " but 'splits' has " + splits.size() + " entries");
    }
    List<Fold> folds = new ArrayList<>();
    for (int i = 0; i < splits.size(); i++) {
      JsonNode s = splits.get(i);
      int index = required(s, "fold").asInt();
      if (index != i) {
        throw new IllegalArgumentException(
            "split file: splits[" + i + "] has fold " + index + ", expected " + i);
      }
      folds.add(new Fold(index, strings(required(s, "train"), "train"),
          strings(required(s, "validation"), "validation")));
    }
    return new FoldSplit(seed, ids, folds);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("split file: missing field '" + field + "'");
    }
    return value;
  }

  private static List<String> strings(JsonNode node, String field) {
    if (!node.isArray()) {
      throw new IllegalArgumentException("split file: '" + field + "' must be an array of case ids");
    }
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void validate(List<String> caseIds, List<Fold> folds) {
    Set<String> all = new HashSet<>(caseIds);
    if (all.size() != caseIds.size()) {
      throw new IllegalArgumentException("split: duplicate case ids in " + caseIds);
    }
    Set<String> validated = new HashSet<>();
    for (Fold f : folds) {
      for (String id : f.validation()) {
        if (!all.contains(id)) {
          throw new IllegalArgumentException(
              "split: fold " + f.index() + " validates unknown case '" + id + "'");
        }
        if (!validated.add(id)) {
          throw new IllegalArgumentException(
              "split: case '" + id + "' is in more than one validation set");
        }
      }
      Set<String> expectedTrain = new HashSet<>(all);
      f.validation().forEach(expectedTrain::remove);
      if (f.train().size() != expectedTrain.size() || !expectedTrain.equals(new HashSet<>(f.train()))) {
        throw new IllegalArgumentException(
            "split: fold " + f.index() + " must train on exactly the cases it does not validate");
      }
    }
    if (!validated.equals(all)) {
      Set<String> missing = new HashSet<>(all);
      missing.removeAll(validated);
      throw new IllegalArgumentException(
          "split: cases " + new java.util.TreeSet<>(missing) + " are in no validation set");
    }
  }
}
