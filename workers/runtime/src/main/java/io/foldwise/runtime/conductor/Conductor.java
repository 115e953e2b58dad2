package io.foldwise.runtime.conductor;

import com.netflix.conductor.client.http.ConductorClient;
import io.foldwise.runtime.config.ServiceCheck;
import io.foldwise.runtime.config.Settings;

/** Builds the HTTP client for the profile's Conductor server. */
public final class Conductor {
    private Conductor() {}

    /** A client for {@link Settings#conductorApiUrl()}, after checking the server answers its health URL. */
    public static ConductorClient client(Settings s) {
        ServiceCheck.require("Conductor", healthUrl(s), s);
        return ConductorClient.builder().basePath(s.conductorApiUrl()).connectTimeout(10_000).readTimeout(60_000)
                .writeTimeout(60_000).build();
    }

    /** {@code http://host:port/health}. */
    public static String healthUrl(Settings s) {
        String api = s.conductorApiUrl();
        return api.substring(0, api.length() - "/api".length()) + "/health";
    }
}
