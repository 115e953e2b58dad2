package io.foldwise.runtime.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.testing.TestStack;
import io.foldwise.segmentation.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageCacheTest {
    @Test
    void keyIsCanonicalOverMapOrderAndSensitiveToEveryInput() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("spacing", List.of(1.58, 1.58, 2.7));
        a.put("clip", List.of(-1250, 250));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("clip", List.of(-1250, 250));
        b.put("spacing", List.of(1.58, 1.58, 2.7));
        String k = StageCache.key("preprocess", a, "sha-of-input");
        assertEquals(k, StageCache.key("preprocess", b, "sha-of-input"));
        assertEquals(64, k.length());
        assertTrue(k.matches("[0-9a-f]{64}"));
        assertNotEquals(k, StageCache.key("preprocess", a, "sha-of-other-input"));
        assertNotEquals(k, StageCache.key("train", a, "sha-of-input"));
        // pinned: the canonical form must not drift between versions (cached outputs are keyed by it)
        assertEquals(Sha256.of("[\"explore\",{\"a\":1,\"b\":[2,3]}]".getBytes(StandardCharsets.UTF_8)),
                StageCache.key("explore", Map.of("b", List.of(2, 3), "a", 1)));
    }

    @Test
    void manifestIsTheCommitMarkerAndAbortRemovesPartialOutput() {
        ArtifactStore store = ArtifactStore.connect(TestStack.settings());
        StageCache cache = new StageCache(store);
        String prefix = "it/stage-cache/" + StageCache.key("it", "manifest");
        cache.abort(prefix);

        store.putBytes(prefix + "/out.bin", new byte[] {1, 2, 3}, null);
        assertEquals(Optional.empty(), cache.manifest(prefix), "output without manifest is partial");

        cache.commit(prefix, Map.of("cases", 3, "uri", store.uri(prefix + "/out.bin")));
        assertEquals(Optional.of(Map.of("cases", 3, "uri", store.uri(prefix + "/out.bin"))), cache.manifest(prefix));
        assertTrue(store.exists(prefix + "/" + StageCache.MANIFEST));

        cache.abort(prefix);
        assertEquals(List.of(), store.list(prefix + "/"));
        assertEquals(Optional.empty(), cache.manifest(prefix));
    }
}
