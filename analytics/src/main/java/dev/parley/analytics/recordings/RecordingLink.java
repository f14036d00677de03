package dev.parley.analytics.recordings;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /tenants/{t}/calls/{id}/recording} answers: a signed playback URL (relative to analytics), when
 * it expires, and what the recording holds.
 */
public record RecordingLink(String url, Instant expiresAt, long durationMs, List<String> channels) {
}
