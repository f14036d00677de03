package dev.parley.analytics.recordings;

import java.time.Instant;
import java.util.List;

/**
 * A finished recording as its sidecar describes it, and the size of its WAV file (for HTTP ranges).
 *
 * @param channels what each WAV channel holds, left first: {@code ["caller", "agent"]}
 */
public record Recording(String tenantId, String callId, Instant startedAt, long durationMs, List<String> channels,
                        int sampleRate, long sizeBytes) {
}
