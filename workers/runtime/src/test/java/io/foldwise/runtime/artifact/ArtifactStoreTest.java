package io.foldwise.runtime.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.config.StackUnavailableException;
import io.foldwise.runtime.config.Outage;
import io.foldwise.runtime.testing.TcpProxy;
import io.foldwise.runtime.testing.TestStack;
import io.foldwise.segmentation.hash.Sha256;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real MinIO of the test stack; server-side state is read back with a separate MinIO client. */
class ArtifactStoreTest {
    private static Settings settings;
    private static ArtifactStore store;
    private static MinioClient raw;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() {
        settings = TestStack.settings();
        store = ArtifactStore.connect(settings);
        raw = MinioClient.builder().endpoint(settings.minioEndpoint())
                .credentials(settings.minioAccessKey(), settings.minioSecretKey()).build();
    }

    private static Path randomFile(Path file, long bytes, long seed) throws IOException {
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

    @Test
    void fiftyMegabyteFileRoundTripsWithMatchingChecksum() throws Exception {
        String prefix = "it/artifact-store/big";
        store.deletePrefix(prefix);
        Path source = randomFile(tmp.resolve("big.bin"), 50L * 1024 * 1024, 42);
        String sha = Sha256.of(source);

        store.putFile(prefix + "/big.bin", source);

        StatObjectResponse server = raw.statObject(StatObjectArgs.builder().bucket(settings.bucket())
                .object(prefix + "/big.bin").build());
        assertEquals(50L * 1024 * 1024, server.size());
        assertEquals(sha, ArtifactStore.sha256Of(server.userMetadata()));
        assertEquals(List.of(new ObjectInfo(prefix + "/big.bin", 50L * 1024 * 1024, sha)), store.list(prefix + "/"));

        Path copy = tmp.resolve("out/copy.bin");
        store.getFile(prefix + "/big.bin", copy);
        assertEquals(sha, Sha256.of(copy));
        store.deletePrefix(prefix);
        assertFalse(store.exists(prefix + "/big.bin"));
    }

    @Test
    void bytesDirectoriesAndStatRoundTrip() throws IOException {
        String prefix = "it/artifact-store/dir";
        store.deletePrefix(prefix);
        Path dir = Files.createDirectories(tmp.resolve("in/sub"));
        Files.writeString(tmp.resolve("in/a.txt"), "alpha");
        Files.writeString(dir.resolve("b.txt"), "beta");
        store.putDirectory(prefix, tmp.resolve("in"));
        store.putBytes(prefix + "/c.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");

        assertEquals(List.of(prefix + "/a.txt", prefix + "/c.json", prefix + "/sub/b.txt"),
                store.list(prefix).stream().map(ObjectInfo::key).toList());
        assertEquals(Optional.of(new ObjectInfo(prefix + "/sub/b.txt", 4, Sha256.of("beta".getBytes(StandardCharsets.UTF_8)))),
                store.stat(prefix + "/sub/b.txt"));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), store.getBytes(prefix + "/c.json"));

        store.getDirectory(prefix, tmp.resolve("out"));
        assertEquals("alpha", Files.readString(tmp.resolve("out/a.txt")));
        assertEquals("beta", Files.readString(tmp.resolve("out/sub/b.txt")));
        assertEquals(Optional.empty(), store.stat(prefix + "/missing"));

        store.deletePrefix(prefix);
        assertEquals(List.of(), store.list(prefix));
    }

    /** Several files at once (one past the 64 MiB part size, so uploaded in parts), and a copy inside MinIO. */
    @Test
    void filesTransferInParallelAndCopyServerSide() throws Exception {
        String prefix = "it/artifact-store/many";
        store.deletePrefix(prefix);
        Files.createDirectories(tmp.resolve("many"));
        Map<String, Path> uploads = new LinkedHashMap<>();
        Map<String, String> shas = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            long size = i == 0 ? ArtifactStore.PART_SIZE + (6L << 20) : 1000L * (i + 1);
            Path f = randomFile(tmp.resolve("many/f" + i + ".bin"), size, 100 + i);
            uploads.put(prefix + "/f" + i + ".bin", f);
            shas.put(prefix + "/f" + i + ".bin", Sha256.of(f));
        }
        store.putFiles(uploads);
        assertEquals(shas.keySet().stream().toList(), store.list(prefix + "/").stream().map(ObjectInfo::key).toList());
        for (ObjectInfo o : store.list(prefix + "/")) {
            assertEquals(shas.get(o.key()), o.sha256(), o.key());
            assertEquals(Files.size(uploads.get(o.key())), o.size(), o.key());
        }
        Map<String, Path> downloads = new LinkedHashMap<>();
        shas.keySet().forEach(k -> downloads.put(k, tmp.resolve("back/" + k.substring(prefix.length() + 1))));
        store.getFiles(downloads);
        for (Map.Entry<String, Path> e : downloads.entrySet()) {
            assertEquals(shas.get(e.getKey()), Sha256.of(e.getValue()), e.getKey());
        }

        // the copy keeps the bytes and the checksum metadata, and replaces what the target held
        store.putBytes(prefix + "/copy.bin", "old".getBytes(StandardCharsets.UTF_8), null);
        store.copy(prefix + "/f0.bin", prefix + "/copy.bin");
        assertEquals(Optional.of(new ObjectInfo(prefix + "/copy.bin", Files.size(uploads.get(prefix + "/f0.bin")),
                shas.get(prefix + "/f0.bin"))), store.stat(prefix + "/copy.bin"));
        store.getFile(prefix + "/copy.bin", tmp.resolve("back/copy.bin"));
        assertEquals(shas.get(prefix + "/f0.bin"), Sha256.of(tmp.resolve("back/copy.bin")));
        ArtifactNotFoundException missing = assertThrows(ArtifactNotFoundException.class,
                () -> store.copy(prefix + "/nothing.bin", prefix + "/copy.bin"));
        assertTrue(missing.getMessage().contains(store.uri(prefix + "/nothing.bin")), missing.getMessage());

        // one bad file among several: its error, naming it, reaches the caller
        Map<String, Path> bad = new LinkedHashMap<>();
        bad.put(prefix + "/g0.bin", uploads.get(prefix + "/f1.bin"));
        bad.put(prefix + "/g1.bin", tmp.resolve("many/absent.bin"));
        bad.put(prefix + "/g2.bin", uploads.get(prefix + "/f2.bin"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.putFiles(bad));
        assertTrue(e.getMessage().contains("absent.bin") && e.getMessage().contains("not a regular file"),
                e.getMessage());
        assertFalse(store.exists(prefix + "/g1.bin"));
        ArtifactNotFoundException gone = assertThrows(ArtifactNotFoundException.class,
                () -> store.getFiles(Map.of(prefix + "/f1.bin", tmp.resolve("x/1"), prefix + "/none.bin", tmp.resolve("x/2"))));
        assertTrue(gone.getMessage().contains(store.uri(prefix + "/none.bin")), gone.getMessage());

        store.deletePrefix(prefix);
    }

    /** MinIO restarted under a worker: writes, reads and listings wait for it (its window open), and lose nothing. */
    @Test
    void callsRideOutMinioBeingAwayForAWhile() throws Exception {
        String prefix = "it/artifact-store/outage";
        store.deletePrefix(prefix);
        byte[] bytes = new byte[300_000];
        new Random(11).nextBytes(bytes);
        java.time.Duration before = Outage.window();
        Outage.window(java.time.Duration.ofSeconds(60));
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TcpProxy proxy = new TcpProxy(settings.port("FOLDWISE_MINIO_PORT")).start();
             Outage.Notices n = Outage.noticesTo(notices::add)) {
            ArtifactStore via = ArtifactStore.connect(settings.with("FOLDWISE_MINIO_PORT", Integer.toString(proxy.port())));
            proxy.stop();
            java.util.concurrent.CompletableFuture<Void> back = backAfter(proxy, 3_000);
            via.putBytes(prefix + "/a.bin", bytes, null);
            back.join();
            assertArrayEquals(bytes, store.getBytes(prefix + "/a.bin"), "written while MinIO was away");
            proxy.stop();
            back = backAfter(proxy, 2_000);
            assertEquals(List.of(prefix + "/a.bin"), via.list(prefix).stream().map(ObjectInfo::key).toList());
            back.join();
            proxy.stop();
            back = backAfter(proxy, 2_000);
            assertArrayEquals(bytes, via.getBytes(prefix + "/a.bin"));
            back.join();
            assertEquals(6, notices.size(), notices.toString());
            assertTrue(notices.get(0).startsWith("MinIO at " + settings.minioEndpoint().replace(
                    Integer.toString(settings.port("FOLDWISE_MINIO_PORT")), Integer.toString(proxy.port())) + " is away ("),
                    notices.get(0));
        } finally {
            Outage.window(before);
            store.deletePrefix(prefix);
        }
    }

    private static java.util.concurrent.CompletableFuture<Void> backAfter(TcpProxy proxy, long millis) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(millis);
                proxy.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void corruptedObjectFailsTheChecksumCheck() throws Exception {
        String key = "it/artifact-store/corrupt.bin";
        byte[] bytes = "payload".getBytes(StandardCharsets.UTF_8);
        String wrong = Sha256.of("something else".getBytes(StandardCharsets.UTF_8));
        raw.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).userMetadata(Map.of("sha256", wrong)).build());
        ArtifactException e = assertThrows(ArtifactException.class, () -> store.getFile(key, tmp.resolve("x.bin")));
        assertEquals("checksum mismatch for s3://" + settings.bucket() + "/" + key + ": metadata says sha256 " + wrong
                + " but the downloaded bytes hash to " + Sha256.of(bytes) + " (re-run the stage that wrote it)",
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x.bin")));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "no partial download left behind");
        }
    }

    @Test
    void missingObjectAndBadKeysHaveClearErrors() {
        ArtifactNotFoundException missing = assertThrows(ArtifactNotFoundException.class,
                () -> store.getBytes("it/artifact-store/none"));
        assertEquals("no object s3://" + settings.bucket() + "/it/artifact-store/none in the artifact store (was the stage "
                + "that writes it run?)", missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> store.exists("/abs/key"));
        assertEquals("bad artifact key '/abs/key': use a relative path such as 'stage/abc123/out.nii.gz' (no leading '/', "
                + "'//' or '..')", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.exists("a/../b"));
        IllegalArgumentException all = assertThrows(IllegalArgumentException.class, () -> store.deletePrefix(""));
        assertEquals("refusing to delete the whole bucket " + settings.bucket() + ": prefix is empty", all.getMessage());
    }

    @Test
    void urisAndKeys() {
        assertEquals("s3://" + settings.bucket() + "/a/b.nii.gz", store.uri("a/b.nii.gz"));
        assertEquals("a/b.nii.gz", ArtifactStore.keyOf("s3://any-bucket/a/b.nii.gz"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArtifactStore.keyOf("/tmp/x"));
        assertEquals("expected an artifact URI of the form s3://<bucket>/<key>, got '/tmp/x'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArtifactStore.keyOf("s3://bucket-only"));
        assertThrows(IllegalArgumentException.class, () -> ArtifactStore.keyOf("s3://bucket/"));
    }

    @Test
    void wrongCredentialsAreNamed() {
        Settings wrong = settings.with("FOLDWISE_MINIO_SECRET_KEY", "not-the-secret");
        ArtifactException e = assertThrows(ArtifactException.class, () -> ArtifactStore.connect(wrong));
        assertEquals("MinIO at " + settings.minioEndpoint() + " rejected the credentials (SignatureDoesNotMatch) for "
                + "access key '" + settings.minioAccessKey() + "': FOLDWISE_MINIO_ACCESS_KEY and FOLDWISE_MINIO_SECRET_KEY "
                + "must match " + settings.file() + " (and any environment overrides)", e.getMessage());
    }

    @Test
    void serverDownSaysWhichAndHowToStartIt() {
        int port = TestStack.freePort();
        Settings down = settings.with("FOLDWISE_MINIO_PORT", Integer.toString(port));
        StackUnavailableException e = assertThrows(StackUnavailableException.class, () -> ArtifactStore.connect(down));
        assertEquals("MinIO at http://127.0.0.1:" + port + "/minio/health/live is not reachable (profile "
                + settings.profile() + "): start the stack with ./foldwise stack up --profile " + settings.profile()
                + " and see ./foldwise stack status --profile " + settings.profile() + " for its log", e.getMessage());
        assertTrue(e.getCause() instanceof java.net.ConnectException, String.valueOf(e.getCause()));
    }
}
