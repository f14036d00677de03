package dev.parley.analytics.recordings;

import dev.parley.contracts.recordings.RecordingFileNames;

/**
 * Tenant ids and call ids' file stems ({@link RecordingFileNames#stem}) as the recordings contract allows them,
 * {@code [A-Za-z0-9_-]{1,200}}: checked before an id becomes part of a path, so none can name a file outside the
 * recordings root ({@code ..}, {@code /}, {@code %2F} decoded).
 */
public final class CallFileIds {
    private CallFileIds() {
    }

    public static boolean valid(String id) {
        return RecordingFileNames.safe(id);
    }

    /** @throws IllegalArgumentException unless both ids are valid */
    static void require(String tenantId, String callId) {
        if (!valid(tenantId) || !valid(callId)) {
            throw new IllegalArgumentException("malformed tenant or call id");
        }
    }
}
