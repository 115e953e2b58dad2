package io.foldwise.runtime.artifact;

import io.foldwise.runtime.conductor.TaskClock;
import io.foldwise.runtime.config.Outage;
import io.foldwise.runtime.config.ServiceCheck;
import io.foldwise.runtime.config.Settings;
import io.foldwise.segmentation.hash.Sha256;
import io.minio.BucketExistsArgs;
import io.minio.ComposeObjectArgs;
import io.minio.ComposeSource;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Foldwise's artifacts in one MinIO bucket. Every object written here carries its SHA-256 in the
 * {@code x-amz-meta-sha256} metadata; reads of files check it. Keys are plain relative paths
 * ({@code a/b/c.nii.gz}); {@link #uri} turns one into the {@code s3://bucket/key} form passed in task payloads.
 */
public final class ArtifactStore implements AutoCloseable {
    static final String SHA256_META = "sha256";
    private static final String OCTET = "application/octet-stream";
    /**
     * Part size of a file upload. The client's default (5 MiB parts, so a 240 MB checkpoint is 46 requests) uploads
     * at 0.66-0.83x the speed of 64 MiB parts on loopback; a part is read from the file, not buffered.
     */
    static final long PART_SIZE = 64L << 20;
    /** Largest object a single server-side copy may take (S3's limit); larger ones are copied part by part. */
    private static final long COPY_LIMIT = 5L << 30;
    /** Transfers of {@link #putFiles} and {@link #getFiles} running at once: 1.7-1.8x one at a time on loopback. */
    static final int TRANSFERS = 2;

    private final MinioClient client;
    private final String bucket;
    private final String endpoint;

    private ArtifactStore(MinioClient client, String bucket, String endpoint) {
        this.client = client;
        this.bucket = bucket;
        this.endpoint = endpoint;
    }

    /** Connects to the profile's MinIO (shared client per process) and creates the bucket if missing. */
    public static ArtifactStore connect(Settings s) {
        ServiceCheck.require("MinIO", s.minioEndpoint() + "/minio/health/live", s);
        MinioClient client = MinioClients.get(s.minioEndpoint(), s.minioAccessKey(), s.minioSecretKey());
        ArtifactStore store = new ArtifactStore(client, s.bucket(), s.minioEndpoint());
        store.ensureBucket(s);
        return store;
    }

    private void ensureBucket(Settings s) {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code) || "AccessDenied".equals(code)) {
                throw new ArtifactException("MinIO at " + endpoint + " rejected the credentials (" + code
                        + ") for access key '" + s.minioAccessKey() + "': FOLDWISE_MINIO_ACCESS_KEY and "
                        + "FOLDWISE_MINIO_SECRET_KEY must match " + s.file() + " (and any environment overrides)", e);
            }
            throw fail("create bucket", uri(""), e);
        } catch (Exception e) {
            throw fail("create bucket", uri(""), e);
        }
    }

    public String bucket() { return bucket; }

    /** {@code s3://<bucket>/<key>}. */
    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** The key of an {@code s3://bucket/key} URI. */
    public static String keyOf(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("expected an artifact URI of the form s3://<bucket>/<key>, got '" + uri + "'");
        }
        int slash = uri.indexOf('/', "s3://".length());
        if (slash < 0 || slash == "s3://".length() || slash == uri.length() - 1) {
            throw new IllegalArgumentException("expected an artifact URI of the form s3://<bucket>/<key>, got '" + uri + "'");
        }
        return uri.substring(slash + 1);
    }

    public void putFile(String key, Path file) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            checkKey(key);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("cannot upload " + file + " to " + uri(key) + ": not a regular file");
            }
            try {
                String sha256 = Sha256.of(file);
                s3(() -> client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key)
                        .filename(file.toString(), PART_SIZE).contentType(OCTET)
                        .userMetadata(Map.of(SHA256_META, sha256)).build()));
            } catch (Exception e) {
                throw fail("put " + file + " to", uri(key), e);
            }
        }
    }

    /**
     * Uploads every file of {@code files} (key to file), {@link #TRANSFERS} at a time; the calling task's clock counts
     * the whole wait as storage. The first failure is thrown once the transfers already started have ended; the rest
     * are not started. A key written before the failure stays written (each object is whole or absent).
     */
    public void putFiles(Map<String, Path> files) {
        parallel(files, this::putFile);
    }

    /** Downloads every object of {@code objects} (key to target file) as {@link #getFile} does, {@link #TRANSFERS} at a time. */
    public void getFiles(Map<String, Path> objects) {
        parallel(objects, this::getFile);
    }

    private void parallel(Map<String, Path> transfers, BiConsumer<String, Path> one) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            if (transfers.size() <= 1) {
                transfers.forEach(one);
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(TRANSFERS, transfers.size()), r -> {
                Thread t = new Thread(r, "foldwise-transfer");
                t.setDaemon(true);
                return t;
            });
            AtomicBoolean failed = new AtomicBoolean();
            try {
                List<Future<?>> running = new ArrayList<>();
                for (Map.Entry<String, Path> e : transfers.entrySet()) {
                    running.add(pool.submit(() -> {
                        if (failed.get()) {
                            return;
                        }
                        try {
                            one.accept(e.getKey(), e.getValue());
                        } catch (RuntimeException x) {
                            failed.set(true);
                            throw x;
                        }
                    }));
                }
                RuntimeException first = null;
                for (Future<?> f : running) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        if (first == null) {
                            first = e.getCause() instanceof RuntimeException r ? r
                                    : new ArtifactException("MinIO transfer failed: " + e.getCause(), e.getCause());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failed.set(true);
                        throw new ArtifactException("interrupted while transferring " + transfers.size()
                                + " objects to or from " + uri(""), e);
                    }
                }
                if (first != null) {
                    throw first;
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Copies the object {@code fromKey} to {@code toKey} inside MinIO (its bytes never leave the server), keeping its
     * SHA-256 metadata; replaces {@code toKey} whole, as an upload does.
     */
    public void copy(String fromKey, String toKey) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            checkKey(fromKey);
            checkKey(toKey);
            ObjectInfo from = stat(fromKey).orElseThrow(() -> new ArtifactNotFoundException(uri(fromKey)));
            try {
                if (from.size() <= COPY_LIMIT) {
                    s3(() -> client.copyObject(CopyObjectArgs.builder().bucket(bucket).object(toKey)
                            .source(CopySource.builder().bucket(bucket).object(fromKey).build()).build()));
                } else {
                    s3(() -> client.composeObject(ComposeObjectArgs.builder().bucket(bucket).object(toKey)
                            .sources(List.of(ComposeSource.builder().bucket(bucket).object(fromKey).build()))
                            .userMetadata(from.sha256() == null ? Map.of() : Map.of(SHA256_META, from.sha256()))
                            .build()));
                }
            } catch (Exception e) {
                throw fail("copy " + uri(fromKey) + " to", uri(toKey), e);
            }
        }
    }

    /** Downloads to {@code target} (parents created; written atomically) and checks the stored SHA-256. */
    public void getFile(String key, Path target) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            checkKey(key);
            Optional<ObjectInfo> info = stat(key);
            if (info.isEmpty()) {
                throw new ArtifactNotFoundException(uri(key));
            }
            Path tmp = null;
            try {
                Path parent = target.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                tmp = Files.createTempFile(parent, ".part-", ".tmp");
                MessageDigest md = Sha256.digest();
                try (InputStream in = new DigestInputStream(open(key), md); OutputStream out = Files.newOutputStream(tmp)) {
                    in.transferTo(out);
                }
                String actual = HexFormat.of().formatHex(md.digest());
                String expected = info.get().sha256();
                if (expected != null && !expected.equals(actual)) {
                    throw new ArtifactException("checksum mismatch for " + uri(key) + ": metadata says sha256 " + expected
                            + " but the downloaded bytes hash to " + actual + " (re-run the stage that wrote it)");
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (IOException e) {
                throw fail("get " + target + " from", uri(key), e);
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
        }
    }

    public void putBytes(String key, byte[] bytes, String contentType) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            checkKey(key);
            try {
                String sha256 = Sha256.of(bytes);
                s3(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                        .contentType(contentType == null ? OCTET : contentType)
                        .userMetadata(Map.of(SHA256_META, sha256)).build()));
            } catch (Exception e) {
                throw fail("put bytes to", uri(key), e);
            }
        }
    }

    public byte[] getBytes(String key) {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw fail("read", uri(key), e);
        }
    }

    /** A stream of the object's bytes; the caller closes it. */
    public InputStream open(String key) {
        checkKey(key);
        try {
            InputStream in;
            try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
                in = s3(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
            }
            return new TimedInputStream(in);
        } catch (ErrorResponseException e) {
            if (notFound(e)) {
                throw new ArtifactNotFoundException(uri(key));
            }
            throw fail("open", uri(key), e);
        } catch (Exception e) {
            throw fail("open", uri(key), e);
        }
    }

    public boolean exists(String key) {
        return stat(key).isPresent();
    }

    public Optional<ObjectInfo> stat(String key) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            checkKey(key);
            try {
                StatObjectResponse r = s3(() -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key)
                        .build()));
                return Optional.of(new ObjectInfo(key, r.size(), sha256Of(r.userMetadata())));
            } catch (ErrorResponseException e) {
                if (notFound(e)) {
                    return Optional.empty();
                }
                throw fail("stat", uri(key), e);
            } catch (Exception e) {
                throw fail("stat", uri(key), e);
            }
        }
    }

    /** All objects whose key starts with {@code prefix}, sorted by key. */
    public List<ObjectInfo> list(String prefix) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            List<ObjectInfo> out;
            try {
                out = s3(() -> {
                    List<ObjectInfo> found = new ArrayList<>();
                    for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                            .recursive(true).includeUserMetadata(true).build())) {
                        Item item = r.get();
                        if (item.isDir()) {
                            continue;
                        }
                        String sha = sha256Of(item.userMetadata());
                        if (sha == null) {
                            sha = stat(item.objectName()).map(ObjectInfo::sha256).orElse(null);
                        }
                        found.add(new ObjectInfo(item.objectName(), item.size(), sha));
                    }
                    return found;
                });
            } catch (ArtifactException e) {
                throw e;
            } catch (Exception e) {
                throw fail("list", uri(prefix), e);
            }
            out.sort((a, b) -> a.key().compareTo(b.key()));
            return out;
        }
    }

    /** Uploads every regular file under {@code dir} to {@code prefix/<relative path>}. */
    public void putDirectory(String prefix, Path dir) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("cannot upload " + dir + " to " + uri(prefix) + ": not a directory");
            }
            String base = withSlash(prefix);
            Map<String, Path> files = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    files.put(base + dir.relativize(f).toString().replace('\\', '/'), f);
                }
            } catch (IOException e) {
                throw fail("walk " + dir + " for", uri(prefix), e);
            }
            putFiles(files);
        }
    }

    /** Downloads every object under {@code prefix/} into {@code dir}, keeping relative paths. */
    public void getDirectory(String prefix, Path dir) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            String base = withSlash(prefix);
            Path root = dir.toAbsolutePath().normalize();
            Map<String, Path> objects = new LinkedHashMap<>();
            for (ObjectInfo o : list(base)) {
                Path target = root.resolve(o.key().substring(base.length())).normalize();
                if (!target.startsWith(root)) {
                    throw new ArtifactException("refusing to write " + uri(o.key()) + " outside " + root);
                }
                objects.put(o.key(), target);
            }
            getFiles(objects);
        }
    }

    /** Deletes every object whose key starts with {@code prefix} (nothing there is fine). */
    public void deletePrefix(String prefix) {
        try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("refusing to delete the whole bucket " + bucket + ": prefix is empty");
            }
            List<ObjectInfo> objects = list(prefix);
            for (int from = 0; from < objects.size(); from += 1000) {
                List<DeleteObject> batch = new ArrayList<>();
                for (ObjectInfo o : objects.subList(from, Math.min(objects.size(), from + 1000))) {
                    batch.add(new DeleteObject(o.key()));
                }
                try {
                    s3(() -> {
                        for (Result<DeleteError> r : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket)
                                .objects(batch).build())) {
                            DeleteError err = r.get();
                            throw new ArtifactException("cannot delete " + uri(err.objectName()) + ": " + err.code() + " "
                                    + err.message());
                        }
                        return null;
                    });
                } catch (ArtifactException e) {
                    throw e;
                } catch (Exception e) {
                    throw fail("delete", uri(prefix), e);
                }
            }
        }
    }

    /** The shared client stays open for the rest of the process. */
    @Override
    public void close() {}

    static String sha256Of(Map<String, String> meta) {
        if (meta == null) {
            return null;
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (k.equals(SHA256_META) || k.equals("x-amz-meta-" + SHA256_META)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean notFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code);
    }

    private static String withSlash(String prefix) {
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private void checkKey(String key) {
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("//")
                || ("/" + key + "/").contains("/../")) {
            throw new IllegalArgumentException("bad artifact key '" + key
                    + "': use a relative path such as 'stage/abc123/out.nii.gz' (no leading '/', '//' or '..')");
        }
    }

    /** A MinIO call that may throw checked exceptions. */
    private interface S3Call<T> {
        T run() throws Exception;
    }

    /**
     * Runs one MinIO call, riding out a server that is away ({@link Outage}); its own exception is thrown as is.
     * Every call here is idempotent: objects are written whole under their key, read, listed or deleted.
     */
    private <T> T s3(S3Call<T> call) throws Exception {
        try {
            return Outage.ride("MinIO", endpoint, Outage.Repeat.IDEMPOTENT, () -> {
                try {
                    return call.run();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
            });
        } catch (Checked c) {
            throw (Exception) c.getCause();
        }
    }

    /** Carries a checked exception through {@link Outage#ride}. */
    private static final class Checked extends RuntimeException {
        Checked(Exception e) {
            super(e);
        }
    }

    private ArtifactException fail(String what, String uri, Exception e) {
        String detail = e instanceof ErrorResponseException ere ? ere.errorResponse().code() + ": "
                + ere.errorResponse().message() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new ArtifactException("MinIO " + what + " " + uri + " failed (" + detail + ")", e);
    }

    /** Counts the time a task's thread waits for the object's bytes as storage time ({@link TaskClock}). */
    private static final class TimedInputStream extends java.io.FilterInputStream {
        TimedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
                return super.read();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
                return in.read(b, off, len);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try (TaskClock.Section timed = TaskClock.time(TaskClock.Part.STORAGE)) {
                return super.skip(n);
            }
        }
    }
}
