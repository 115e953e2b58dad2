package io.foldwise.runtime.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.foldwise.segmentation.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Content-addressed stage outputs. A stage writes its files under a prefix derived from {@link #key}, then
 * {@link #commit}s a {@code manifest.json} LAST: a prefix with a manifest is complete, one without is
 * partial and is removed by {@link #abort}.
 */
public final class StageCache {
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);

    private final ArtifactStore store;

    public StageCache(ArtifactStore store) {
        this.store = Objects.requireNonNull(store, "store == null");
    }

    /** SHA-256 hex of the canonical JSON of {@code [stage, inputs...]} (map keys sorted). */
    public static String key(String stage, Object... inputs) {
        Objects.requireNonNull(stage, "stage == null");
        Object[] all = new Object[inputs.length + 1];
        all[0] = stage;
        System.arraycopy(inputs, 0, all, 1, inputs.length);
        try {
            return Sha256.of(CANONICAL.writeValueAsBytes(Arrays.asList(all)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stage " + stage + ": inputs cannot be hashed as JSON: " + e.getMessage(), e);
        }
    }

    /** The committed manifest under {@code prefix}, or empty when the stage output is missing or partial. */
    public Optional<Map<String, Object>> manifest(String prefix) {
        String key = manifestKey(prefix);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CANONICAL.readValue(store.getBytes(key), new TypeReference<Map<String, Object>>() {}));
        } catch (IOException e) {
            throw new ArtifactException("unreadable manifest " + store.uri(key) + ": " + e.getMessage()
                    + " (delete the prefix to recompute the stage)", e);
        }
    }

    /** Writes {@code prefix/manifest.json}; call only after every output file is stored. */
    public void commit(String prefix, Map<String, Object> manifest) {
        try {
            store.putBytes(manifestKey(prefix), CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsString(manifest)
                    .getBytes(StandardCharsets.UTF_8), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("manifest for " + store.uri(prefix) + " is not JSON-serialisable: "
                    + e.getMessage(), e);
        }
    }

    /** Removes everything under {@code prefix/} (partial output of a failed stage). */
    public void abort(String prefix) {
        store.deletePrefix(withSlash(prefix));
    }

    private static String manifestKey(String prefix) {
        return withSlash(prefix) + MANIFEST;
    }

    private static String withSlash(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("stage prefix is empty: use a prefix such as 'preprocess/<key>'");
        }
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
