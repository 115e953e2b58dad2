package io.foldwise.runtime.tracking;

import java.util.Objects;

/** One metric value at a training step; {@code timestampMillis} is wall-clock time (not part of any result). */
public record MetricPoint(String key, double value, long step, long timestampMillis) {
    public MetricPoint {
        Objects.requireNonNull(key, "key == null");
        if (key.isBlank()) {
            throw new IllegalArgumentException("metric key is blank");
        }
    }

    /** A point stamped with the current time. */
    public MetricPoint(String key, double value, long step) {
        this(key, value, step, System.currentTimeMillis());
    }
}
