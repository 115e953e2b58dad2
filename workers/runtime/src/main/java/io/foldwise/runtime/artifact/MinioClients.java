package io.foldwise.runtime.artifact;

import io.minio.MinioClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link MinioClient} per endpoint and access key per process: building one costs seconds. */
final class MinioClients {
    private static final Map<String, MinioClient> CLIENTS = new ConcurrentHashMap<>();

    private MinioClients() {}

    static MinioClient get(String endpoint, String accessKey, String secretKey) {
        return CLIENTS.computeIfAbsent(endpoint + "\n" + accessKey + "\n" + secretKey,
                k -> MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).build());
    }
}
