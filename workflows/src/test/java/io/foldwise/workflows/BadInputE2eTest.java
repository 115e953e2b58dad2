package io.foldwise.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.netflix.conductor.common.metadata.tasks.Task;
import com.netflix.conductor.common.run.Workflow;
import io.foldwise.runtime.experiment.ExperimentConfig;
import io.foldwise.segmentation.nifti.Nifti;
import io.foldwise.segmentation.phantom.PhantomDataset;
import io.foldwise.segmentation.phantom.PhantomSpec;
import io.foldwise.segmentation.volume.Geometry;
import io.foldwise.segmentation.volume.LabelVolume;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken data sets end in a terminal failure of the download task (no retries) whose message names
 * the archive or case and the problem, and that message is visible on the workflow.
 */
class BadInputE2eTest {
  static final String ZEROS = "0".repeat(64);
  static E2e e2e;
  static Path good;

  @TempDir static Path tmp;

  @BeforeAll
  static void phantoms() throws Exception {
    e2e = E2e.get();
    good = tmp.resolve("good");
    PhantomDataset.write(good, PhantomSpec.of(3, 99).withShape(new int[] {32, 32, 8}));
  }

  @Test
  void badArchiveIsTerminal() throws Exception {
    Path junk = Files.createDirectories(tmp.resolve("junk")).resolve(PhantomDataset.IMAGES_ZIP);
    Files.writeString(junk, "this is not a zip archive\n".repeat(100));
    Workflow wf = run("bad-archive-e2e", junk, good.resolve(PhantomDataset.MASKS_ZIP), null);
    assertTerminal(wf, "archive COVID-19-CT-Seg_20cases.zip is empty or not a zip file; the download is corrupt "
        + "or the url points to something else");

    // resume = Conductor's retry of the failed task: with the same broken input it fails again, visibly
    Executions executions = e2e.session.executions();
    executions.resume(wf.getWorkflowId());
    Workflow again = e2e.await(wf.getWorkflowId(), Duration.ofMinutes(5));
    assertEquals(Workflow.WorkflowStatus.FAILED, again.getStatus());
    assertEquals(2, E2e.attempts(again, "download").size(), String.join("\n", ExecutionView.lines(again)));
  }

  @Test
  void checksumMismatchIsTerminal() throws Exception {
    Path images = good.resolve(PhantomDataset.IMAGES_ZIP);
    Workflow wf = run("bad-checksum-e2e", images, good.resolve(PhantomDataset.MASKS_ZIP), ZEROS);
    assertTerminal(wf, "images archive COVID-19-CT-Seg_20cases.zip: SHA-256 mismatch: expected " + ZEROS + ", got "
        + PhantomDataset.sha256(images) + " (from " + images.toUri() + "); the file is not the one the experiment "
        + "pins: fix the url or the sha256");
  }

  @Test
  void shapeMismatchNamesTheCase() throws Exception {
    Path masks = masksWith("shape", "phantom_001", mask -> {
      Geometry g = Geometry.of(new int[] {32, 32, 6}, mask.geometry().spacing());
      return new LabelVolume(g, new byte[g.voxelCount()]);
    });
    Workflow wf = run("bad-shape-e2e", good.resolve(PhantomDataset.IMAGES_ZIP), masks, null);
    assertTerminal(wf, "phantom_001: image shape [32, 32, 8] and mask shape [32, 32, 6] differ (");
  }

  @Test
  void unknownLabelNamesTheCase() throws Exception {
    Path masks = masksWith("label", "phantom_002", mask -> {
      byte[] data = mask.data().clone();
      data[0] = 5;
      return new LabelVolume(mask.geometry(), data);
    });
    Workflow wf = run("bad-label-e2e", good.resolve(PhantomDataset.IMAGES_ZIP), masks, null);
    assertTerminal(wf, "case phantom_002 (mask phantom_002.nii.gz): label 5 at voxel (0, 0, 0) is outside 0..3; "
        + "check the mask or the configured classes (classes: background, lung_L, lung_R, infection)");
  }

  private Workflow run(String name, Path images, Path masks, String imagesSha) throws IOException {
    Map<String, Object> changes = new LinkedHashMap<>();
    changes.put("data.phantom", null);
    changes.put("data.images", Map.of("url", images.toUri().toString(),
        "sha256", imagesSha != null ? imagesSha : PhantomDataset.sha256(images)));
    changes.put("data.masks", Map.of("url", masks.toUri().toString(), "sha256", PhantomDataset.sha256(masks)));
    ExperimentConfig config = E2e.variant(e2e.named("phantom-smoke"), name, changes);
    return e2e.await(e2e.launch(config).workflowId(), Duration.ofMinutes(5));
  }

  private static void assertTerminal(Workflow wf, String messageStart) {
    assertEquals(Workflow.WorkflowStatus.FAILED, wf.getStatus(), String.join("\n", ExecutionView.lines(wf)));
    List<Task> attempts = E2e.attempts(wf, "download");
    assertEquals(1, attempts.size(), "a terminal failure is not retried: " + ExecutionView.lines(wf));
    Task download = attempts.get(0);
    assertEquals(Task.Status.FAILED_WITH_TERMINAL_ERROR, download.getStatus());
    assertTrue(download.getReasonForIncompletion().startsWith(messageStart),
        "task reason:\n" + download.getReasonForIncompletion() + "\nexpected to start with:\n" + messageStart);
    assertTrue(wf.getReasonForIncompletion().contains(messageStart),
        "workflow reason:\n" + wf.getReasonForIncompletion());
  }

  interface MaskEdit {
    LabelVolume apply(LabelVolume mask);
  }

  /** The good masks archive with one case's mask replaced. */
  private static Path masksWith(String tag, String caseId, MaskEdit edit) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(tag).resolve("Lung_and_Infection_Mask"));
    try (Stream<Path> files = Files.list(good.resolve("Lung_and_Infection_Mask"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Path target = dir.resolve(caseId + ".nii.gz");
    LabelVolume edited = edit.apply(Nifti.readLabels(target));
    Files.delete(target);
    Nifti.writeLabels(target, edited);
    Path zip = tmp.resolve(tag).resolve(PhantomDataset.MASKS_ZIP);
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
        Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        z.putNextEntry(new ZipEntry(f.getFileName().toString()));
        z.write(Files.readAllBytes(f));
        z.closeEntry();
      }
    }
    return zip;
  }
}
