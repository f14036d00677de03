package dev.parley.analytics.latency;

import java.time.Duration;
import java.util.Locale;

/**
 * The tumbling windows latency is kept in. Grace: how late (in event time) a turn may arrive and still count;
 * later ones are dropped by Kafka Streams and show in its dropped-records metric. Retention bounds the stores.
 * One hour for both: when analytics catches up on a backlog (after a restart or an outage), the upstream partitions
 * advance at different speeds, and with a few minutes of grace a third of a backlog's minute figures were dropped.
 */
public enum LatencyWindowSize {
    MINUTE("1m", Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(2), "latency-1m"),
    HOUR("1h", Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(35), "latency-1h");

    private final String label;
    private final Duration size;
    private final Duration grace;
    private final Duration retention;
    private final String storeName;

    LatencyWindowSize(String label, Duration size, Duration grace, Duration retention, String storeName) {
        this.label = label;
        this.size = size;
        this.grace = grace;
        this.retention = retention;
        this.storeName = storeName;
    }

    public String label() {
        return label;
    }

    public Duration size() {
        return size;
    }

    public Duration grace() {
        return grace;
    }

    public Duration retention() {
        return retention;
    }

    public String storeName() {
        return storeName;
    }

    /** {@code 1m} or {@code 1h}. */
    public static LatencyWindowSize parse(String text) {
        String label = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (LatencyWindowSize size : values()) {
            if (size.label.equals(label)) {
                return size;
            }
        }
        throw new IllegalArgumentException("unknown latency window '" + text + "' (1m or 1h)");
    }
}
