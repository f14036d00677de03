package dev.parley.analytics.recordings;

import java.util.regex.Pattern;

/**
 * Tenant and call ids as the recordings contract allows them, {@code [A-Za-z0-9_-]+}: checked before an id becomes
 * part of a path, so no id can name a file outside the recordings root ({@code ..}, {@code /}, {@code %2F} decoded).
 */
public final class CallFileIds {
    /** At most 200 characters: a longer name does not fit a file name with its suffix on common file systems. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private CallFileIds() {
    }

    public static boolean valid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }

    /** @throws IllegalArgumentException unless both ids are valid */
    static void require(String tenantId, String callId) {
        if (!valid(tenantId) || !valid(callId)) {
            throw new IllegalArgumentException("malformed tenant or call id");
        }
    }
}
