package io.foldwise.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path root;

    private void write(String profile, String text) throws IOException {
        Files.createDirectories(root.resolve("stack"));
        Files.writeString(root.resolve("stack").resolve(profile + ".env"), text);
    }

    private static final String FULL = """
            # comment
            FOLDWISE_HOST=127.0.0.1
            FOLDWISE_CONDUCTOR_PORT=18080
            FOLDWISE_MINIO_PORT=19000
            FOLDWISE_MINIO_CONSOLE_PORT=19001
            FOLDWISE_MINIO_ACCESS_KEY=ak
            FOLDWISE_MINIO_SECRET_KEY=sk-secret
            FOLDWISE_BUCKET=b1
            FOLDWISE_MLFLOW_BUCKET=b2
            FOLDWISE_MLFLOW_PORT=15000

            """;

    @Test
    void readsTheProfileFileFoundFromANestedWorkingDirectory() throws IOException {
        write("test", FULL);
        Path nested = Files.createDirectories(root.resolve("workers/runtime"));
        Settings s = Settings.load(Map.of("FOLDWISE_PROFILE", "test"), nested);
        assertEquals("test", s.profile());
        assertEquals("http://127.0.0.1:18080/api", s.conductorApiUrl());
        assertEquals("http://127.0.0.1:18080/swagger-ui/index.html", s.conductorUiUrl());
        assertEquals("http://127.0.0.1:19000", s.minioEndpoint());
        assertEquals("ak", s.minioAccessKey());
        assertEquals("sk-secret", s.minioSecretKey());
        assertEquals("b1", s.bucket());
        assertEquals("b2", s.mlflowBucket());
        assertEquals("http://127.0.0.1:15000", s.mlflowUrl());
        assertEquals(root.resolve(".stack/test"), s.dataDir());
    }

    @Test
    void environmentOverridesTheFileAndTheDefaultProfileIsLocal() throws IOException {
        write("local", FULL);
        Settings s = Settings.load(Map.of("FOLDWISE_MINIO_PORT", "29000", "FOLDWISE_ROOT", root.toString(),
                "OTHER", "ignored"), Path.of("/"));
        assertEquals("local", s.profile());
        assertEquals("http://127.0.0.1:29000", s.minioEndpoint());
        assertEquals("http://127.0.0.1:39000", s.with("FOLDWISE_MINIO_PORT", "39000").minioEndpoint());
        Settings compose = s.with("FOLDWISE_MLFLOW_HOST", "mlflow").with("FOLDWISE_CONDUCTOR_HOST", "conductor");
        assertEquals("http://mlflow:15000", compose.mlflowUrl());
        assertEquals("http://conductor:18080/api", compose.conductorApiUrl());
        assertEquals("http://127.0.0.1:29000", compose.minioEndpoint());
        assertEquals(Optional.of("29000"), s.optional("FOLDWISE_MINIO_PORT"));
        assertEquals(Optional.empty(), s.optional("FOLDWISE_WORKER_HOST"));
        assertEquals(Optional.empty(), s.with("FOLDWISE_WORKER_HOST", " ").optional("FOLDWISE_WORKER_HOST"));
    }

    @Test
    void missingKeyNamesTheFileAndTheKey() throws IOException {
        write("test", "FOLDWISE_HOST=127.0.0.1\n");
        Settings s = Settings.load(Map.of("FOLDWISE_PROFILE", "test"), root);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::minioEndpoint);
        assertEquals(root.resolve("stack/test.env") + ": missing FOLDWISE_MINIO_PORT (add FOLDWISE_MINIO_PORT=<value> "
                + "to the file or set the environment variable FOLDWISE_MINIO_PORT)", e.getMessage());
    }

    @Test
    void badPortIsRejectedWithTheValue() throws IOException {
        write("test", FULL.replace("FOLDWISE_MLFLOW_PORT=15000", "FOLDWISE_MLFLOW_PORT=70000"));
        Settings s = Settings.load(Map.of("FOLDWISE_PROFILE", "test"), root);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::mlflowUrl);
        assertEquals("FOLDWISE_MLFLOW_PORT must be a port number 1..65535, got '70000' (profile test, "
                + root.resolve("stack/test.env") + ")", e.getMessage());
    }

    @Test
    void unknownProfileSaysWhereItLooked() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Settings.load(Map.of("FOLDWISE_PROFILE", "nosuch"), root));
        assertEquals("no stack/nosuch.env found in " + root + " or its parents: run from the Foldwise checkout, set "
                + "FOLDWISE_ROOT, or choose an existing profile with FOLDWISE_PROFILE", e.getMessage());
    }

    @Test
    void badProfileNameAndMalformedLinesAreRejected() throws IOException {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Settings.load(Map.of("FOLDWISE_PROFILE", "../x"), root));
        assertEquals("FOLDWISE_PROFILE must be a lower-case profile name such as 'local' or 'test', got '../x'",
                bad.getMessage());
        write("test", "FOLDWISE_HOST=127.0.0.1\nnot a setting\n");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> Settings.load(Map.of("FOLDWISE_PROFILE", "test"), root));
        assertEquals(root.resolve("stack/test.env") + " line 2: expected KEY=VALUE with an upper-case KEY, got "
                + "'not a setting'", malformed.getMessage());
    }

    @Test
    void theRepositoryProfilesDefineEveryKeyTheRuntimeUses() {
        for (String profile : new String[] {"local", "test"}) {
            Settings s = Settings.load(Map.of("FOLDWISE_PROFILE", profile), Path.of("").toAbsolutePath());
            // each accessor throws if its key is missing or malformed
            s.conductorApiUrl();
            s.minioEndpoint();
            s.minioConsoleUrl();
            s.minioAccessKey();
            s.minioSecretKey();
            s.bucket();
            s.mlflowBucket();
            s.mlflowUrl();
            assertEquals(s.root().resolve(".stack").resolve(profile), s.dataDir());
        }
    }
}
