package io.foldwise.workflows;

import java.util.List;

/** A started experiment execution: what to print and where to look. */
public record Launch(String experiment, String workflowName, String workflowId, String correlationId,
    String conductorUrl, List<CachePreview.Stage> stages) {
  public Launch {
    stages = List.copyOf(stages);
  }
}
