package dev.parley.contracts.recordings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How a call's recording files are named: the same in the gateways that write them and in analytics that serves and
 * erases them. Call ids come from carriers (Telnyx's are {@code v3:…}) and may hold any character, so a file is named
 * by a stem of the safe alphabet {@code [A-Za-z0-9_-]}: the id itself when it already is one, else its encoding. One
 * id always gives one stem, two ids never the same one, and no stem can name a path outside its folder.
 */
public final class RecordingFileNames {
    /** The alphabet of stems (and tenant ids); at most 200 characters, so a stem with its suffix fits a file name. */
    public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    private static final String ENCODED = "x-";
    private static final String HASHED = "h-";

    private RecordingFileNames() {
    }

    /** Whether {@code id} may be used as a folder or file name as it is (tenant ids must). */
    public static boolean safe(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    /**
     * The file name stem of {@code callId}'s recording: the id when it is safe and does not start with one of the
     * prefixes below; else {@code x-} and its UTF-8 bytes in unpadded base64url; for an id too long for that,
     * {@code h-} and the hex SHA-256 of it.
     */
    public static String stem(String callId) {
        if (callId == null || callId.isEmpty()) {
            throw new IllegalArgumentException("no call id");
        }
        if (safe(callId) && !callId.startsWith(ENCODED) && !callId.startsWith(HASHED)) {
            return callId;
        }
        byte[] bytes = callId.getBytes(StandardCharsets.UTF_8);
        String encoded = ENCODED + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (encoded.length() <= 200) {
            return encoded;
        }
        try {
            return HASHED + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
