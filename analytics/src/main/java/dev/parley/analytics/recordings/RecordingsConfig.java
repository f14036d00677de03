package dev.parley.analytics.recordings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code parley.recordings.*}: where the gateways' recordings are, and how their playback URLs are signed. */
@ConfigMapping(prefix = "parley.recordings")
public interface RecordingsConfig {

    /** The recordings root, shared with the gateways (env {@code PARLEY_RECORDINGS_DIR}). */
    @WithDefault("recordings")
    String dir();

    /** How long a signed playback URL works. */
    @WithDefault("5m")
    Duration urlTtl();

    /**
     * The HMAC key of playback URLs (env {@code PARLEY_RECORDINGS_URL_SECRET}), the same on every analytics
     * replica; unset, each instance makes up its own at startup.
     */
    Optional<String> urlSecret();
}
