package io.foldwise.unet.model;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;

/**
 * DL4J's ComputationGraph sizes its per-layer workspaces (activation gradients and working memory)
 * "over time" (after as many cycles as the graph has vertices). For the U-Net those workspaces never
 * settle: every training step DL4J allocated gigabytes outside them and freed them again, and each
 * step first-touched ≈ 0.7 M fresh 4 KiB pages, which cost ≈ 2 s of a 9.5 s 160x160x80 step on this
 * VM. Sized in the first loop instead (with 20% headroom, reallocated if a later step needs more),
 * the steady-state step touches ≈ 8 k fresh pages and takes ≈ 7.6 s (BENCHMARKS.md).
 */
final class Workspaces {
  private Workspaces() {}

  private static final WorkspaceConfiguration FIRST_LOOP = WorkspaceConfiguration.builder()
      .initialSize(0)
      .overallocationLimit(0.2)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policyReset(ResetPolicy.BLOCK_LEFT)
      .policySpill(SpillPolicy.REALLOCATE)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .build();

  /** Makes the graph size its per-layer workspaces in the first loop; returns the graph. */
  static ComputationGraph sizedInFirstLoop(ComputationGraph graph) {
    for (String name : new String[] {"WS_LAYER_ACT_X_CONFIG", "WS_LAYER_WORKING_MEM_CONFIG"}) {
      try {
        Field f = ComputationGraph.class.getDeclaredField(name);
        f.setAccessible(true);
        f.set(graph, FIRST_LOOP);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot set DL4J ComputationGraph." + name + " (DL4J version?)", e);
      }
    }
    return graph;
  }

  /** The configuration of one of the graph's per-layer workspaces (tests). */
  static WorkspaceConfiguration of(ComputationGraph graph, String name) {
    try {
      Field f = ComputationGraph.class.getDeclaredField(name);
      f.setAccessible(true);
      return (WorkspaceConfiguration) f.get(graph);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read DL4J ComputationGraph." + name, e);
    }
  }
}
