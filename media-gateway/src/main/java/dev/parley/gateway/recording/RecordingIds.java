package dev.parley.gateway.recording;

import java.util.regex.Pattern;

/** Tenant and call ids become folder and file names of recordings: only a safe alphabet may. */
public final class RecordingIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+");

    private RecordingIds() {
    }

    public static boolean valid(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    /** Returns {@code id}, or throws if it could step out of its folder or name a file it should not. */
    public static String check(String what, String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException(what + " is not a safe recording path part: [A-Za-z0-9_-]+ expected");
        }
        return id;
    }
}
