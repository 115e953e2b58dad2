package io.foldwise.worker.download;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.artifact.StageCache;
import io.foldwise.runtime.conductor.InvalidInputException;
import io.foldwise.runtime.conductor.StageWorker;
import io.foldwise.runtime.conductor.TaskContext;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.experiment.ArchiveSource;
import io.foldwise.runtime.experiment.CodeFingerprint;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.runtime.experiment.ParentRun;
import io.foldwise.runtime.experiment.StageKeys;
import io.foldwise.runtime.experiment.StoredDataset;
import io.foldwise.runtime.experiment.Workspace;
import io.foldwise.runtime.experiment.TaskInputs;
import io.foldwise.runtime.tracking.Tracking;
import io.foldwise.segmentation.dataset.CasePair;
import io.foldwise.segmentation.hash.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code foldwise_download}: opens the execution's parent MLflow run, then fetches the two archives
 * (or writes the phantom archives and fetches those through {@code file:}), verifies their SHA-256,
 * extracts them safely (each into a folder of its role: the archives' names and the folders inside them
 * are whatever the data set has), pairs images with masks by file name, checks every case and stores
 * the raw data set under
 * {@code datasets/<key>/} ({@code images/<case>.nii.gz}, {@code masks/<case>.nii.gz},
 * {@code manifest.json} last). A {@code file:} URL may also name a local folder of NIfTI files, pinned by
 * its folder checksum. A committed prefix is reused by later launches.
 */
public final class DownloadWorker extends StageWorker {
  /** The task inputs this worker reads: exactly its task definition's inputParameters (a test checks). */
  public static final java.util.List<String> INPUTS = java.util.List.of("config", "workflowId");
  private final Settings settings;
  private final ArtifactStore store;
  private final Tracking tracking;
  private final Fetcher fetcher = new Fetcher();
  private final SafeUnzip unzip;

  public DownloadWorker(Settings settings, ArtifactStore store, Tracking tracking, long maxExtractBytes) {
    super("foldwise_download", INPUTS);
    this.settings = settings;
    this.store = store;
    this.tracking = tracking;
    this.unzip = new SafeUnzip(maxExtractBytes, 10_000);
  }

  @Override
  protected Map<String, Object> run(Map<String, Object> input, TaskContext ctx) throws Exception {
    ExperimentConfig config = TaskInputs.config(input);
    String workflowId = TaskInputs.string(input, "workflowId");
    ParentRun parent = ParentRun.open(tracking, settings, config, workflowId);
    ctx.log("parent MLflow run " + parent.runId() + " (" + parent.url() + ")");
    StageCache cache = new StageCache(store);
    String prefix = StageKeys.datasetPrefix(config, CodeFingerprint.hash(DownloadWorker.class));
    Map<String, Object> manifest = cache.manifest(prefix).orElse(null);
    boolean cached = manifest != null;
    if (cached) {
      ctx.log("data set already stored at " + store.uri(prefix) + "; reusing it");
    } else {
      manifest = fetchAndStore(config, prefix, cache, ctx);
    }
    String dataHash = (String) manifest.get("dataHash");
    tracking.setTag(parent.runId(), "foldwise.data_hash", dataHash);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("datasetPrefix", prefix);
    out.put("datasetUri", store.uri(prefix));
    out.put("dataHash", dataHash);
    out.put("cases", ((List<?>) manifest.get("cases")).size());
    out.put("parentRunId", parent.runId());
    out.put("mlflowExperimentId", parent.experimentId());
    out.put("cached", cached);
    return out;
  }

  private Map<String, Object> fetchAndStore(ExperimentConfig config, String prefix, StageCache cache,
      TaskContext ctx) throws IOException, InterruptedException {
    Path work = settings.dataDir().resolve("work/download").resolve(prefix.substring(prefix.indexOf('/') + 1));
    List<ArchiveSource> sources = config.data().isPhantom()
        ? PhantomArchives.write(config.data().phantom(), work.resolve("phantom"), ctx::log)
        : List.of(config.data().images(), config.data().masks());
    String[] roles = {"images", "masks"};
    Path extracted = work.resolve("extracted");
    Workspace.delete(extracted);
    List<Map<String, Object>> archives = new ArrayList<>();
    Path[] folders = new Path[2];
    for (int i = 0; i < 2; i++) {
      folders[i] = obtain(roles[i], sources.get(i), work, extracted, ctx);
      archives.add(Map.of("role", roles[i], "url", sources.get(i).url(), "sha256", sources.get(i).sha256()));
    }
    List<CasePair> pairs = DatasetCheck.check(folders[0], folders[1], config.data().classes(), ctx::log);
    for (int i = 0; i < 2; i++) {
      Path found = (i == 0 ? pairs.get(0).image() : pairs.get(0).mask()).getParent();
      ctx.log(roles[i] + ": " + pairs.size() + " volumes in " + (found.equals(folders[i]) ? "the top folder"
          : folders[i].relativize(found) + "/") + " of " + sources.get(i).fileName());
    }
    List<String> caseIds = new ArrayList<>();
    try {
      Map<String, Path> uploads = new LinkedHashMap<>();
      for (CasePair pair : pairs) {
        uploads.put(StoredDataset.imageKey(prefix, pair.caseId()), pair.image());
        uploads.put(StoredDataset.maskKey(prefix, pair.caseId()), pair.mask());
        caseIds.add(pair.caseId());
      }
      store.putFiles(uploads);
      String dataHash = Sha256.of((sources.get(0).sha256() + "\n" + sources.get(1).sha256())
          .getBytes(StandardCharsets.UTF_8));
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("dataHash", dataHash);
      manifest.put("cases", caseIds);
      manifest.put("archives", archives);
      manifest.put("classes", config.data().classes());
      cache.commit(prefix, manifest);
      ctx.log("stored " + caseIds.size() + " cases at " + store.uri(prefix));
      Workspace.delete(extracted);
      return manifest;
    } catch (RuntimeException e) {
      cache.abort(prefix);
      throw e;
    }
  }

  /**
   * The local folder holding one role's volumes: a {@code file:} folder as it is (its checksum is
   * {@link Sha256#ofFolder}), or an archive fetched under its own file name, verified and extracted
   * into {@code extracted/<role>/} (the folders inside it are whatever the archive holds).
   */
  private Path obtain(String role, ArchiveSource source, Path work, Path extracted, TaskContext ctx)
      throws IOException, InterruptedException {
    Path local = source.url().startsWith("file:") ? Path.of(URI.create(source.url())) : null;
    if (local != null && Files.isDirectory(local)) {
      String actual = Sha256.ofFolder(local);
      if (!actual.equals(source.sha256())) {
        throw new InvalidInputException(role + " folder " + local + ": checksum mismatch: expected "
            + source.sha256() + ", got " + actual + "; the folder's files changed since the experiment pinned"
            + " them: check them, then put the new checksum in the experiment's sha256 (./foldwise checksum "
            + local + ")");
      }
      ctx.log(role + " folder " + local + ": checksum verified");
      return local;
    }
    String name = source.fileName().isBlank() ? role + ".zip" : source.fileName();
    Path file = work.resolve("archives").resolve(role).resolve(name);
    if (!Files.exists(file) || !Sha256.of(file).equals(source.sha256())) {
      fetcher.fetch(source.url(), file, ctx::log);
    }
    String actual = Sha256.of(file);
    if (!actual.equals(source.sha256())) {
      Files.delete(file);
      throw new InvalidInputException(role + " archive " + name + ": SHA-256 mismatch: expected "
          + source.sha256() + ", got " + actual + " (from " + source.url()
          + "); the file is not the one the experiment pins: fix the url or the sha256");
    }
    ctx.log(role + " archive " + name + ": SHA-256 verified");
    Path into = extracted.resolve(role);
    int files = unzip.extract(file, into);
    ctx.log(role + " archive " + name + ": extracted " + files + " files");
    return into;
  }
}
