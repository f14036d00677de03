package dev.parley.analytics.records;

import java.time.Duration;

/**
 * How long call records are kept (from the call's start) and how often the expired ones are removed.
 * {@code parley.analytics.records.retention} / {@code .purge-interval} in {@link RecordsConfig}.
 */
public record RecordsSettings(Duration retention, Duration purgeInterval) {
    public static final RecordsSettings DEFAULT = new RecordsSettings(Duration.ofDays(30), Duration.ofMinutes(10));

    public RecordsSettings {
        if (retention.isNegative() || retention.isZero() || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("records retention and purge interval must be positive");
        }
    }
}
