package io.foldwise.runtime.stackscripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.foldwise.runtime.config.EnvFile;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.testing.TestStack;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml describes the same stack as the local scripts: Debian's docker-compose (no engine needed)
 * resolves it with a profile's settings file, and services, published ports, credentials, buckets, image pins
 * and Conductor properties are compared with that file, stack/versions.env and the properties the local stack runs.
 */
class DockerComposeConsistencyTest {
    static final List<String> STAGES = List.of("download", "explore", "preprocess", "train", "evaluate", "aggregate");

    private static JsonNode composeConfig(Settings s) throws Exception {
        Path root = s.root();
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder("docker-compose", "--env-file", s.file().toString(), "-f",
                    root.resolve("docker-compose.yml").toString(), "config").directory(root.toFile())
                    .redirectErrorStream(false);
            // only the settings file may feed the interpolation (exported FOLDWISE_* variables would win over it)
            pb.environment().keySet().removeIf(k -> k.startsWith("FOLDWISE_"));
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is not installed: apt-get install docker-compose "
                    + "(./foldwise test installs it)", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "docker-compose config failed: " + err);
        return new ObjectMapper(new YAMLFactory()).readTree(out);
    }

    private static Settings profile(String name) {
        return Settings.load(Map.of("FOLDWISE_PROFILE", name), Path.of("").toAbsolutePath());
    }

    /** host-published port for a container port, from the resolved ports list. */
    private static String published(JsonNode service, int containerPort) {
        for (JsonNode p : service.path("ports")) {
            if (p.isTextual()) { // 127.0.0.1:9000:9000/tcp
                String[] parts = p.asText().replace("/tcp", "").split(":");
                if (Integer.parseInt(parts[parts.length - 1]) == containerPort) {
                    return parts[0] + ":" + parts[1];
                }
            } else if (p.path("target").asInt() == containerPort) {
                return p.path("host_ip").asText() + ":" + p.path("published").asText();
            }
        }
        throw new AssertionError("no published port for container port " + containerPort + " in " + service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "test"})
    void servicesPortsAndCredentialsMatchTheProfileFile(String profileName) throws Exception {
        Settings s = profile(profileName);
        JsonNode services = composeConfig(s).path("services");
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        Set<String> expected = new TreeSet<>(Set.of("postgres", "redis", "minio", "buckets", "conductor", "mlflow",
                "console"));
        STAGES.forEach(st -> expected.add("worker-" + st));
        assertEquals(expected, names);

        String h = s.host() + ":";
        assertEquals(h + s.port("FOLDWISE_POSTGRES_PORT"), published(services.path("postgres"), 5432));
        assertEquals(h + s.port("FOLDWISE_REDIS_PORT"), published(services.path("redis"), 6379));
        assertEquals(h + s.port("FOLDWISE_MINIO_PORT"), published(services.path("minio"), 9000));
        assertEquals(h + s.port("FOLDWISE_MINIO_CONSOLE_PORT"), published(services.path("minio"), 9001));
        assertEquals(h + s.port("FOLDWISE_CONDUCTOR_PORT"), published(services.path("conductor"), 8080));
        assertEquals(h + s.port("FOLDWISE_CONDUCTOR_UI_PORT"), published(services.path("conductor"), 5000));
        assertEquals(h + s.port("FOLDWISE_MLFLOW_PORT"), published(services.path("mlflow"), 5000));
        assertEquals(h + s.port("FOLDWISE_CONSOLE_PORT"), published(services.path("console"), 8200));
        JsonNode console = services.path("console").path("environment");
        assertEquals("8200", console.path("FOLDWISE_CONSOLE_PORT").asText());
        assertEquals(s.consoleUrl(), console.path("FOLDWISE_CONSOLE_URL").asText());
        assertEquals(s.mlflowUrl(), console.path("FOLDWISE_MLFLOW_UI_URL").asText());
        assertEquals("http://conductor:8080/api", s.with("FOLDWISE_CONDUCTOR_HOST",
                console.path("FOLDWISE_CONDUCTOR_HOST").asText()).with("FOLDWISE_CONDUCTOR_PORT",
                console.path("FOLDWISE_CONDUCTOR_PORT").asText()).conductorApiUrl());

        JsonNode pg = services.path("postgres").path("environment");
        assertEquals(s.get("FOLDWISE_POSTGRES_USER"), pg.path("POSTGRES_USER").asText());
        assertEquals(s.get("FOLDWISE_POSTGRES_PASSWORD"), pg.path("POSTGRES_PASSWORD").asText());
        assertEquals(s.get("FOLDWISE_POSTGRES_DB"), pg.path("POSTGRES_DB").asText());
        JsonNode minio = services.path("minio").path("environment");
        assertEquals(s.minioAccessKey(), minio.path("MINIO_ROOT_USER").asText());
        assertEquals(s.minioSecretKey(), minio.path("MINIO_ROOT_PASSWORD").asText());
        assertEquals(List.of("python", "/opt/foldwise/make_buckets.py", s.bucket(), s.mlflowBucket()),
                texts(services.path("buckets").path("command")));
        JsonNode mlflow = services.path("mlflow");
        assertTrue(texts(mlflow.path("command")).contains("--artifacts-destination=s3://" + s.mlflowBucket()));
        assertTrue(texts(mlflow.path("command")).contains("--serve-artifacts"));
        assertEquals(s.minioAccessKey(), mlflow.path("environment").path("AWS_ACCESS_KEY_ID").asText());

        for (String stage : STAGES) {
            JsonNode w = services.path("worker-" + stage);
            assertEquals(stage, w.path("build").path("args").path("STAGE").asText());
            // `--scale worker-<stage>=N` needs replicas that do not clash: no fixed name, no published port
            assertTrue(w.path("container_name").isMissingNode(), "worker-" + stage + " has a container_name");
            assertTrue(w.path("ports").isMissingNode() || w.path("ports").isEmpty(), "worker-" + stage + " publishes ports");
            JsonNode env = w.path("environment");
            assertEquals(s.minioAccessKey(), env.path("FOLDWISE_MINIO_ACCESS_KEY").asText());
            assertEquals(s.bucket(), env.path("FOLDWISE_BUCKET").asText());
            // inside the compose network the workers reach the services by name on their container ports
            Settings inContainer = s.with("FOLDWISE_CONDUCTOR_HOST", env.path("FOLDWISE_CONDUCTOR_HOST").asText())
                    .with("FOLDWISE_CONDUCTOR_PORT", env.path("FOLDWISE_CONDUCTOR_PORT").asText())
                    .with("FOLDWISE_MINIO_HOST", env.path("FOLDWISE_MINIO_HOST").asText())
                    .with("FOLDWISE_MINIO_PORT", env.path("FOLDWISE_MINIO_PORT").asText())
                    .with("FOLDWISE_MLFLOW_HOST", env.path("FOLDWISE_MLFLOW_HOST").asText())
                    .with("FOLDWISE_MLFLOW_PORT", env.path("FOLDWISE_MLFLOW_PORT").asText());
            assertEquals("http://conductor:8080/api", inContainer.conductorApiUrl());
            assertEquals("http://minio:9000", inContainer.minioEndpoint());
            assertEquals("http://mlflow:5000", inContainer.mlflowUrl());
        }
    }

    @Test
    void imagesArePinnedAsInVersionsEnv() throws Exception {
        Settings s = profile("local");
        Map<String, String> versions = EnvFile.read(s.root().resolve("stack/versions.env"));
        JsonNode services = composeConfig(s).path("services");
        assertEquals(versions.get("COMPOSE_POSTGRES_IMAGE"), services.path("postgres").path("image").asText());
        assertEquals(versions.get("COMPOSE_REDIS_IMAGE"), services.path("redis").path("image").asText());
        assertEquals(versions.get("COMPOSE_MINIO_IMAGE"), services.path("minio").path("image").asText());
        assertEquals(versions.get("COMPOSE_CONDUCTOR_IMAGE"), services.path("conductor").path("image").asText());
        assertEquals("ghcr.io/mlflow/mlflow:v" + versions.get("MLFLOW_VERSION"), versions.get("COMPOSE_MLFLOW_BASE_IMAGE"));
        String dockerfile = Files.readString(s.root().resolve("stack/docker/mlflow.Dockerfile"));
        assertTrue(dockerfile.contains("FROM " + versions.get("COMPOSE_MLFLOW_BASE_IMAGE") + "\n"), dockerfile);
        assertTrue(dockerfile.contains("boto3==" + versions.get("BOTO3_VERSION")), dockerfile);
        services.fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText("");
            assertTrue(image.isEmpty() || (image.contains(":") && !image.endsWith(":latest")),
                    e.getKey() + " image must be pinned, got " + image);
        });
    }

    @Test
    void conductorIsConfiguredLikeTheRunningLocalServer() throws IOException {
        Settings s = TestStack.settings(); // the test stack is up, so its generated properties exist
        Properties running = new Properties();
        running.load(new StringReader(Files.readString(s.dataDir().resolve("conductor/conductor.properties"))));
        Properties compose = new Properties();
        compose.load(new StringReader(Files.readString(s.root().resolve("stack/docker/conductor.properties"))));
        Set<String> runningKeys = new TreeSet<>(running.stringPropertyNames());
        runningKeys.remove("server.address"); // loopback binding of the plain-process server only
        assertEquals(runningKeys, new TreeSet<>(compose.stringPropertyNames()));
        for (String key : List.of("conductor.db.type", "conductor.queue.type", "conductor.indexing.enabled",
                "conductor.indexing.type", "conductor.elasticsearch.version", "conductor.app.workflow-offset-timeout",
                "conductor.app.ownerEmailMandatory", "loadSample")) {
            assertEquals(running.getProperty(key), compose.getProperty(key), key);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
