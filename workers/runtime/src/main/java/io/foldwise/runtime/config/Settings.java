package io.foldwise.runtime.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Endpoints and credentials of one stack profile. They come from ONE file, {@code stack/<profile>.env}
 * (the same file the stack scripts read); an environment variable or Java system property of the same name
 * overrides a file value (system property first). The profile is {@code FOLDWISE_PROFILE} (default
 * {@code local}); the repository root is {@code FOLDWISE_ROOT}, else the nearest parent of the working
 * directory that holds {@code stack/<profile>.env}.
 */
public final class Settings {
    public static final String PROFILE = "FOLDWISE_PROFILE";
    public static final String ROOT = "FOLDWISE_ROOT";

    private final String profile;
    private final Path root;
    private final Path file;
    private final Map<String, String> values;

    private Settings(String profile, Path root, Path file, Map<String, String> values) {
        this.profile = profile;
        this.root = root;
        this.file = file;
        this.values = values;
    }

    /** Settings of the current process: profile, root and overrides from the environment and system properties. */
    public static Settings load() {
        Map<String, String> overrides = new LinkedHashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("FOLDWISE_")) {
                overrides.put(k.toString(), v.toString());
            }
        });
        return load(overrides, Path.of("").toAbsolutePath());
    }

    /** Settings from explicit overrides (environment-like map) and a working directory to search from. */
    public static Settings load(Map<String, String> overrides, Path workingDir) {
        String profile = overrides.getOrDefault(PROFILE, "local");
        if (!profile.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(PROFILE + " must be a lower-case profile name such as 'local' or 'test', got '"
                    + profile + "'");
        }
        Path root = findRoot(overrides.get(ROOT), workingDir, profile);
        Path file = root.resolve("stack").resolve(profile + ".env");
        Map<String, String> values = new LinkedHashMap<>(EnvFile.read(file));
        overrides.forEach((k, v) -> {
            if (k.startsWith("FOLDWISE_")) {
                values.put(k, v);
            }
        });
        return new Settings(profile, root, file, Map.copyOf(values));
    }

    private static Path findRoot(String explicit, Path workingDir, String profile) {
        String name = profile + ".env";
        if (explicit != null && !explicit.isBlank()) {
            Path root = Path.of(explicit).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve("stack").resolve(name))) {
                throw new IllegalStateException(ROOT + "=" + explicit + " has no stack/" + name
                        + ": point " + ROOT + " at the Foldwise checkout or choose an existing profile with " + PROFILE);
            }
            return root;
        }
        for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("stack").resolve(name))) {
                return dir;
            }
        }
        throw new IllegalStateException("no stack/" + name + " found in " + workingDir.toAbsolutePath()
                + " or its parents: run from the Foldwise checkout, set " + ROOT + ", or choose an existing profile with "
                + PROFILE);
    }

    /** The raw value of a key (after overrides); a missing key is an error naming the file. */
    public String get(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(file + ": missing " + key + " (add " + key
                    + "=<value> to the file or set the environment variable " + key + ")");
        }
        return v;
    }

    /** The value of a key that may be unset (after overrides); empty when missing or blank. */
    public Optional<String> optional(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** A port key, checked to be 1..65535. */
    public int port(String key) {
        String v = get(key);
        try {
            int p = Integer.parseInt(v.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException(key + " must be a port number 1..65535, got '" + v + "' (profile " + profile
                + ", " + file + ")");
    }

    public String profile() { return profile; }
    public Path root() { return root; }
    public Path file() { return file; }
    public String host() { return get("FOLDWISE_HOST"); }

    /** {@code FOLDWISE_<SERVICE>_HOST} if set (e.g. a compose service name), else {@code FOLDWISE_HOST}. */
    private String host(String service) {
        String h = values.get("FOLDWISE_" + service + "_HOST");
        return h != null && !h.isBlank() ? h : host();
    }

    public String conductorApiUrl() { return "http://" + host("CONDUCTOR") + ":" + port("FOLDWISE_CONDUCTOR_PORT") + "/api"; }
    /** The Conductor UI; the plain-process stack has only the server's Swagger UI (the UI ships in the image). */
    public String conductorUiUrl() {
        String ui = values.get("FOLDWISE_CONDUCTOR_UI_URL");
        return ui != null && !ui.isBlank() ? ui
                : "http://" + host("CONDUCTOR") + ":" + port("FOLDWISE_CONDUCTOR_PORT") + "/swagger-ui/index.html";
    }
    public String minioEndpoint() { return "http://" + host("MINIO") + ":" + port("FOLDWISE_MINIO_PORT"); }
    public String minioConsoleUrl() { return "http://" + host("MINIO") + ":" + port("FOLDWISE_MINIO_CONSOLE_PORT"); }
    public String minioAccessKey() { return get("FOLDWISE_MINIO_ACCESS_KEY"); }
    public String minioSecretKey() { return get("FOLDWISE_MINIO_SECRET_KEY"); }
    /** The bucket holding Foldwise's stage artifacts. */
    public String bucket() { return get("FOLDWISE_BUCKET"); }
    /** The bucket MLflow's server stores run artifacts and models in. */
    public String mlflowBucket() { return get("FOLDWISE_MLFLOW_BUCKET"); }
    public String mlflowUrl() { return "http://" + host("MLFLOW") + ":" + port("FOLDWISE_MLFLOW_PORT"); }

    /**
     * The Foldwise console as a browser reaches it: {@code FOLDWISE_CONSOLE_URL} if set (e.g. behind compose's
     * published port), else {@code FOLDWISE_CONSOLE_HOST} (the stack's host when it is a wildcard) and
     * {@code FOLDWISE_CONSOLE_PORT}.
     */
    public String consoleUrl() {
        String url = values.get("FOLDWISE_CONSOLE_URL");
        if (url != null && !url.isBlank()) {
            return url.replaceAll("/+$", "");
        }
        String h = values.get("FOLDWISE_CONSOLE_HOST");
        if (h == null || h.isBlank() || h.equals("0.0.0.0") || h.equals("::")) {
            h = host();
        }
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port("FOLDWISE_CONSOLE_PORT");
    }
    /** The profile's data directory ({@code FOLDWISE_DATA_DIR}, default {@code <root>/.stack/<profile>}). */
    public Path dataDir() {
        String dir = values.get("FOLDWISE_DATA_DIR");
        return dir != null && !dir.isBlank() ? root.resolve(dir).normalize() : root.resolve(".stack").resolve(profile);
    }

    /** A copy with one value replaced (for tests of failure cases, e.g. wrong credentials). */
    public Settings with(String key, String value) {
        Objects.requireNonNull(key, "key == null");
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, Objects.requireNonNull(value, "value == null"));
        return new Settings(profile, root, file, Map.copyOf(copy));
    }

    @Override
    public String toString() {
        return "Settings[profile=" + profile + ", file=" + file + "]";
    }
}
