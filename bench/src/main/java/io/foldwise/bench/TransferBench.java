package io.foldwise.bench;

import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.config.Settings;
import io.foldwise.segmentation.hash.Sha256;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./foldwise bench transfers}: the artifact store's transfers the way the stages used them before session 17
 * (one file at a time, the MinIO client's 5 MiB parts, the best checkpoint uploaded a second time) against now
 * ({@link ArtifactStore#putFiles}/{@link ArtifactStore#getFiles} two at a time in 64 MiB parts, the best checkpoint
 * a server-side {@link ArtifactStore#copy}), alternating in one run against the profile's running MinIO
 * ({@code FOLDWISE_PROFILE}, {@code local} by default; {@code ./foldwise stack up} first).
 *
 * <p>Options: {@code --files N} (20) volumes of {@code --mib M} (45) MiB, the rehearsal's data set; {@code
 * --checkpoint-mib C} (240), the paper U-Net's checkpoint; {@code --rounds R} (2).
 */
final class TransferBench {
  private static final String PREFIX = "bench/transfers";

  private TransferBench() {}

  static void main(String[] args) throws Exception {
    int files = 20;
    int mib = 45;
    int checkpointMib = 240;
    int rounds = 2;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--files" -> files = positive(args[i], value);
        case "--mib" -> mib = positive(args[i], value);
        case "--checkpoint-mib" -> checkpointMib = positive(args[i], value);
        case "--rounds" -> rounds = positive(args[i], value);
        default -> throw new IllegalArgumentException("unknown option '" + args[i]
            + "'; use --files N --mib M --checkpoint-mib C --rounds R");
      }
      i++;
    }
    Settings settings = Settings.load();
    ArtifactStore store = ArtifactStore.connect(settings);
    MinioClient raw = MinioClient.builder().endpoint(settings.minioEndpoint())
        .credentials(settings.minioAccessKey(), settings.minioSecretKey()).build();
    Path dir = Files.createTempDirectory("foldwise-bench-transfers");
    try {
      Map<String, Path> volumes = new LinkedHashMap<>();
      for (int i = 0; i < files; i++) {
        volumes.put(PREFIX + "/data/case" + i + ".nii.gz", random(dir.resolve("case" + i), (long) mib << 20, i));
      }
      Path checkpoint = random(dir.resolve("checkpoint.zip"), (long) checkpointMib << 20, 99);
      System.out.printf("## MinIO transfers (`./foldwise bench transfers`)%n%nMachine: %s; MinIO %s (profile %s); "
          + "%d files of %d MiB, a %d MiB checkpoint; %d rounds, alternating; seconds%n%n", Machine.describe(),
          settings.minioEndpoint(), settings.profile(), files, mib, checkpointMib, rounds);
      System.out.println("| round | way | upload the data set | download it | latest + best checkpoint |");
      System.out.println("|---|---|---|---|---|");
      List<double[]> before = new ArrayList<>();
      List<double[]> now = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        before.add(row(r, "before: one at a time, 5 MiB parts, best uploaded again", () -> {
          for (Map.Entry<String, Path> e : volumes.entrySet()) {
            uploadAsBefore(raw, settings.bucket(), e.getKey(), e.getValue());
          }
        }, () -> {
          for (String key : volumes.keySet()) {
            store.getFile(key, dir.resolve("back").resolve(key.substring(key.lastIndexOf('/') + 1)));
          }
        }, () -> {
          uploadAsBefore(raw, settings.bucket(), PREFIX + "/ckpt/latest.zip", checkpoint);
          uploadAsBefore(raw, settings.bucket(), PREFIX + "/ckpt/best.zip", checkpoint);
        }));
        now.add(row(r, "**now**: two at a time, 64 MiB parts, best copied in MinIO", () -> store.putFiles(volumes),
            () -> {
              Map<String, Path> targets = new LinkedHashMap<>();
              volumes.keySet().forEach(k -> targets.put(k, dir.resolve("back").resolve(k.substring(k.lastIndexOf('/') + 1))));
              store.getFiles(targets);
            }, () -> {
              store.putFile(PREFIX + "/ckpt/latest.zip", checkpoint);
              store.copy(PREFIX + "/ckpt/latest.zip", PREFIX + "/ckpt/best.zip");
            }));
      }
      double[] b = best(before);
      double[] n = best(now);
      System.out.printf("%nBest of the rounds, now against before: upload %.2fx, download %.2fx, checkpoints %.2fx "
          + "the speed (%.1f s against %.1f s in all).%n", b[0] / n[0], b[1] / n[1], b[2] / n[2], n[0] + n[1] + n[2],
          b[0] + b[1] + b[2]);
    } finally {
      store.deletePrefix(PREFIX);
      try (var walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double[] row(int round, String way, Step upload, Step download, Step checkpoints) throws Exception {
    double[] s = {seconds(upload), seconds(download), seconds(checkpoints)};
    System.out.printf("| %d | %s | %.2f | %.2f | %.2f |%n", round, way, s[0], s[1], s[2]);
    return s;
  }

  private static double seconds(Step step) throws Exception {
    long t0 = System.nanoTime();
    step.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double[] best(List<double[]> rows) {
    double[] out = rows.get(0).clone();
    for (double[] r : rows) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.min(out[i], r[i]);
      }
    }
    return out;
  }

  /** {@code ArtifactStore.putFile} as it was: the file's SHA-256, then the client's default (5 MiB) parts. */
  private static void uploadAsBefore(MinioClient raw, String bucket, String key, Path file) throws Exception {
    String sha256 = Sha256.of(file);
    raw.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
        .contentType("application/octet-stream").userMetadata(Map.of("sha256", sha256)).build());
  }

  private static Path random(Path file, long bytes, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
    return file;
  }

  private static int positive(String option, String value) {
    try {
      int v = Integer.parseInt(value);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a positive whole number, got '" + value + "'");
  }
}
