package dev.parley.gateway.recording;

import dev.parley.contracts.recordings.RecordingFileNames;

/**
 * Tenant ids and call ids' file stems ({@link RecordingFileNames#stem}) become folder and file names of recordings:
 * only a safe alphabet may.
 */
public final class RecordingIds {
    private RecordingIds() {
    }

    public static boolean valid(String id) {
        return RecordingFileNames.safe(id);
    }

    /** Returns {@code id}, or throws if it could step out of its folder or name a file it should not. */
    public static String check(String what, String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException(what + " is not a safe recording path part: [A-Za-z0-9_-]+ expected");
        }
        return id;
    }
}
