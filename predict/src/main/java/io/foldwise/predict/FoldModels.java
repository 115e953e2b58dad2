package io.foldwise.predict;

import io.foldwise.runtime.experiment.PreprocessingMapping;
import io.foldwise.runtime.experiment.ExperimentSettings;
import io.foldwise.runtime.model.MlModel;
import io.foldwise.runtime.tracking.ModelRegistry;
import io.foldwise.segmentation.preprocess.PreprocessingPipeline;
import io.foldwise.unet.config.UnetConfig;
import io.foldwise.unet.model.ModelIO;
import io.foldwise.unet.predict.Mirroring;
import io.foldwise.unet.predict.Segmenter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The fold model(s) a {@code --model} reference names, loaded from MLflow: each registered version's model
 * directory ({@code MLmodel} + {@code model.zip}) downloaded, its MLmodel read ({@link MlModel}) and its DL4J
 * graph loaded. Several members (an execution's folds) form an ensemble; they must agree on classes, patch,
 * preprocessing and sliding window, since their softmax is averaged voxel by voxel.
 */
public final class FoldModels {
  /** One loaded model: its registry version, its MLmodel and its graph. */
  public record Member(ModelRegistry.Version version, MlModel card, ComputationGraph graph) {}

  private final List<Member> members;

  FoldModels(List<Member> members) {
    this.members = List.copyOf(members);
    MlModel first = members.get(0).card();
    for (Member m : members.subList(1, members.size())) {
      String a = contract(first);
      String b = contract(m.card());
      if (!a.equals(b)) {
        throw new IllegalArgumentException("the models cannot form an ensemble: " + members.get(0).version() + " has "
            + a + " but " + m.version() + " has " + b);
      }
    }
  }

  /** Resolves {@code reference} in the registry and loads every version it names (downloaded under {@code work}). */
  public static FoldModels load(ModelRegistry registry, String reference, Path work) throws IOException {
    Objects.requireNonNull(registry, "registry == null");
    List<Member> members = new ArrayList<>();
    for (ModelRegistry.Version v : registry.resolve(reference)) {
      Path dir = registry.download(v, work.resolve(v.name() + "-" + v.version()));
      MlModel card = MlModel.parse(Files.readString(dir.resolve(MlModel.FILE)), v + " " + MlModel.FILE);
      ComputationGraph graph;
      try (ByteArrayInputStream in = new ByteArrayInputStream(Files.readAllBytes(dir.resolve(MlModel.DATA)))) {
        graph = ModelIO.read(in);
      } catch (IOException e) {
        throw new IOException("model " + v + ": " + e.getMessage(), e);
      }
      members.add(new Member(v, card, graph));
    }
    return new FoldModels(members);
  }

  public List<Member> members() {
    return members;
  }

  /** The MLmodel all members share (the first one's). */
  public MlModel card() {
    return members.get(0).card();
  }

  /** The class names, label value = position. */
  public List<String> classes() {
    return card().classes();
  }

  /** The segmenter of these models: the MLmodel's preprocessing, patch and sliding window. */
  public Segmenter segmenter() {
    MlModel c = card();
    UnetConfig unet = new UnetConfig(c.model().depth(), c.model().baseFilters(), c.classes().size(), c.model().patch(),
        1, c.model().bnMomentum(), ExperimentSettings.BN_EPSILON, 0); // the MLmodel card, not an experiment file: see MlModel
    return new Segmenter(members.stream().map(Member::graph).toList(), unet,
        PreprocessingPipeline.of(PreprocessingMapping.of(c.preprocessing())), c.overlap(), c.gaussian(),
        Mirroring.of(c.mirror(), c.mirrorSwap(), c.classes()));
  }

  /** e.g. {@code phantom-smoke-fold-0/3, phantom-smoke-fold-1/3 (ensemble of 2)}. */
  public String describe() {
    String names = String.join(", ", members.stream().map(m -> m.version().toString()).toList());
    return members.size() == 1 ? names : names + " (ensemble of " + members.size() + ", softmax averaged)";
  }

  private static String contract(MlModel m) {
    return "classes " + m.classes() + ", patch " + java.util.Arrays.toString(m.model().patch()) + ", preprocessing "
        + PreprocessingMapping.of(m.preprocessing()) + ", overlap " + java.util.Arrays.toString(m.overlap())
        + ", gaussian " + m.gaussian() + ", mirror " + m.mirror() + " " + m.mirrorSwap();
  }
}
