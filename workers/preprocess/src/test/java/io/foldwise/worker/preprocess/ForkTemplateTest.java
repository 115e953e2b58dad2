package io.foldwise.worker.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dynamic fork's entries come from definitions/forks/ (packaged), filled in per fold. */
class ForkTemplateTest {
  @Test
  void eachFoldIsAPermissiveSubWorkflowWithItsInputs() {
    Map<String, Object> config = Map.of("name", "x");
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("config", config);
    in.put("samplesPrefix", "preprocessed/abc");
    in.put("datasetPrefix", "datasets/def");
    in.put("parentRunId", "run1");
    Map<String, Object> out = Map.of("splitKey", "runs/x/h/split.json", "splitHash", "s1");
    Map<String, Object> fork = ForkTemplate.load().fork(2, in, out);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) fork.get("forkTasks");
    assertEquals(2, tasks.size());
    assertEquals(Map.of("name", "foldwise_train_fold", "taskReferenceName", "fold_1", "type", "SUB_WORKFLOW",
        "subWorkflowParam", Map.of("name", "foldwise_train_fold", "version", 1), "permissive", true), tasks.get(1));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> inputs = (Map<String, Map<String, Object>>) fork.get("forkInputs");
    assertEquals(List.of("fold_0", "fold_1"), List.copyOf(inputs.keySet()));
    Map<String, Object> fold1 = new LinkedHashMap<>();
    fold1.put("config", config);
    fold1.put("fold", 1);
    fold1.put("samplesPrefix", "preprocessed/abc");
    fold1.put("datasetPrefix", "datasets/def");
    fold1.put("splitKey", "runs/x/h/split.json");
    fold1.put("splitHash", "s1");
    fold1.put("parentRunId", "run1");
    assertEquals(fold1, inputs.get("fold_1"));
    assertEquals(List.copyOf(fold1.keySet()), List.copyOf(inputs.get("fold_1").keySet()), "the template's order");
    assertEquals(0, inputs.get("fold_0").get("fold"), "a placeholder alone keeps its type");
  }

  @Test
  void anUnknownPlaceholderIsNamed() {
    ForkTemplate t = ForkTemplate.parse("{\"task\": {\"taskReferenceName\": \"fold_${fold}\"},"
        + " \"input\": {\"x\": \"${output.nope}\"}}", "t.json");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fork(1, Map.of(), Map.of("a", 1)));
    assertEquals("t.json: placeholder ${output.nope} names nothing the split task has: use ${fold}, "
        + "${input.<key>} or ${output.<key>} of [a]", e.getMessage());
  }
}
