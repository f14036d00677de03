package dev.parley.analytics.records;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code parley.analytics.records.*}: retention of call records and how erasure waits. */
@ConfigMapping(prefix = "parley.analytics.records")
public interface RecordsConfig {

    /** Records (and erasure markers) older than this, from the call's start, are removed. */
    @WithDefault("P30D")
    Duration retention();

    /** How often each task looks for expired records (wall-clock time). */
    @WithDefault("PT10M")
    Duration purgeInterval();

    /** How long a DELETE waits to see the record gone before answering 202 instead of 204. */
    @WithDefault("PT10S")
    Duration eraseWait();

    default RecordsSettings settings() {
        return new RecordsSettings(retention(), purgeInterval());
    }
}
