package dev.parley.analytics.recordings;

import java.time.Instant;

/** A playback URL (path and query, relative to analytics) and when it stops working. */
public record SignedRecordingUrl(String url, Instant expiresAt) {
}
