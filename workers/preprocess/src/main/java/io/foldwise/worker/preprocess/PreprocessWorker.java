package io.foldwise.worker.preprocess;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.StageCache;
import io.foldwise.runtime.artifact.TransferQueue;
import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.runtime.conductor.StageWorker;
import io.foldwise.runtime.conductor.TaskClock;
import io.foldwise.runtime.conductor.TaskContext;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.CodeFingerprint;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.PreprocessedSamples;
import io.foldwise.runtime.experiment.PreprocessingMapping;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.experiment.StoredDataset;
import io.foldwise.runtime.experiment.TaskInputs;
import io.foldwise.runtime.experiment.Workspace;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.preprocess.PreprocessingPipeline;
import io.foldwise.segmentation.volume.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * {@code foldwise_preprocess}: runs the configured pipeline on every case, one case at a time, and
 * stores the results under {@code preprocessed/<key>/} ({@code images/<case>.nii.gz} float32,
 * {@code labels/<case>.nii.gz}); the key hashes the data hash, the preprocessing section and the
 * class names, so a second launch with the same preprocessing reuses it.
 */
public final class PreprocessWorker extends StageWorker {
  /** The task inputs this worker reads: exactly its task definition's inputParameters (a test checks). */
  public static final java.util.List<String> INPUTS = java.util.List.of("config", "datasetPrefix", "dataHash");
  private final Settings settings;
  private final ArtifactStore store;

  public PreprocessWorker(Settings settings, ArtifactStore store) {
    super("foldwise_preprocess", INPUTS);
    this.settings = settings;
    this.store = store;
  }

  @Override
  protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception {
    ExperimentConfig config = TaskInputs.config(input);
    String datasetPrefix = TaskInputs.string(input, "datasetPrefix");
    String dataHash = TaskInputs.string(input, "dataHash");
    String prefix = StageKeys.preprocessPrefix(config, dataHash, CodeFingerprint.hash(PreprocessWorker.class));
    StageCache cache = new StageCache(store);
    Map<String, Object> manifest = cache.manifest(prefix).orElse(null);
    boolean cached = manifest != null;
    if (cached) {
      ctx.log("preprocessed samples already stored at " + store.uri(prefix) + "; reusing them");
    } else {
      manifest = preprocess(config, datasetPrefix, prefix, cache, ctx);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("samplesPrefix", prefix);
    out.put("samplesUri", store.uri(prefix));
    out.put("preprocessHash", prefix.substring(prefix.indexOf('/') + 1));
    out.put("cases", ((List<?>) manifest.get("cases")).size());
    out.put("cached", cached);
    return out;
  }

  private Map<String, Object> preprocess(ExperimentConfig config, String datasetPrefix, String prefix,
      StageCache cache, TaskContext ctx) throws IOException {
    Map<String, Object> dataset = cache.manifest(datasetPrefix).orElseThrow(() -> new InvalidInputException(
        "no committed data set at " + store.uri(datasetPrefix) + "; run the download stage first"));
    @SuppressWarnings("unchecked")
    List<String> caseIds = (List<String>) dataset.get("cases");
    PreprocessingPipeline pipeline = PreprocessingPipeline.of(PreprocessingMapping.of(config.preprocessing()));
    Path work = Files.createDirectories(settings.dataDir().resolve("work/preprocess"))
        .resolve(ctx.taskId());
    Files.createDirectories(work);
    List<Map<String, Object>> cases = new ArrayList<>();
    // the next case is fetched and the last one's result uploaded while this one is resampled
    try (TransferQueue transfers = new TransferQueue("preprocess")) {
      Future<?> next =
          transfers.submit(TaskClock.Part.STORAGE, () -> fetch(datasetPrefix, caseIds.get(0), work.resolve("in-0")));
      for (int i = 0; i < caseIds.size(); i++) {
        String caseId = caseIds.get(i);
        Path in = work.resolve("in-" + i);
        transfers.await(next);
        if (i + 1 < caseIds.size()) {
          int after = i + 1;
          next = transfers.submit(TaskClock.Part.STORAGE,
              () -> fetch(datasetPrefix, caseIds.get(after), work.resolve("in-" + after)));
        }
        Sample result;
        Sample original;
        try {
          original = new Sample(caseId, Nifti.readImage(in.resolve("image.nii.gz")),
              Nifti.readLabels(in.resolve("mask.nii.gz")));
          result = pipeline.apply(original);
        } catch (IOException | IllegalArgumentException e) {
          throw new InvalidInputException("preprocess " + caseId + ": " + e.getMessage(), e);
        }
        Workspace.delete(in);
        Path out = Files.createDirectories(work.resolve("out-" + i));
        Nifti.writeImage(out.resolve("image.nii.gz"), result.image());
        Nifti.writeLabels(out.resolve("label.nii.gz"), result.label());
        transfers.submit(TaskClock.Part.STORAGE, () -> {
          store.putFiles(Map.of(PreprocessedSamples.imageKey(prefix, caseId), out.resolve("image.nii.gz"),
              PreprocessedSamples.labelKey(prefix, caseId), out.resolve("label.nii.gz")));
          Workspace.delete(out);
        });
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("caseId", caseId);
        c.put("originalShape", Arrays.stream(original.image().geometry().shape()).boxed().toList());
        c.put("shape", Arrays.stream(result.image().geometry().shape()).boxed().toList());
        cases.add(c);
        ctx.log("preprocessed " + cases.size() + "/" + caseIds.size() + ": " + caseId + " "
            + original.image().geometry() + " -> " + result.image().geometry());
      }
      transfers.awaitAll();
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("cases", caseIds);
      manifest.put("samples", cases);
      manifest.put("dataHash", dataset.get("dataHash"));
      manifest.put("preprocessing", config.canonicalPreprocessing());
      cache.commit(prefix, manifest);
      ctx.log("stored " + caseIds.size() + " preprocessed samples at " + store.uri(prefix));
      return manifest;
    } catch (RuntimeException | IOException e) {
      cache.abort(prefix);
      throw e;
    } finally {
      Workspace.delete(work);
    }
  }

  /** One case's image and mask from the stored data set, into {@code dir}. */
  private void fetch(String datasetPrefix, String caseId, Path dir) throws IOException {
    Files.createDirectories(dir);
    store.getFiles(Map.of(StoredDataset.imageKey(datasetPrefix, caseId), dir.resolve("image.nii.gz"),
        StoredDataset.maskKey(datasetPrefix, caseId), dir.resolve("mask.nii.gz")));
  }
}
