package dev.parley.analytics.records;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Keys of the list index, {@code tenant|<Long.MAX_VALUE - start ms, 19 digits>|callId}: a tenant's calls sort
 * newest first, ties by call id, so a range scan reads a page in order and the same order holds when the pages
 * of every partition are merged. Keys of the expiry index, {@code <start ms, 19 digits>|callId}, sort oldest first.
 * A tenant named {@code a|b} shares prefix {@code a|}: readers compare the entry's tenant exactly.
 * A cursor is the last listed call's position, opaque to clients (base64url of {@code <start ms>|callId}).
 */
final class CallIndexKey {
    static final char SEPARATOR = '|';

    private CallIndexKey() {
    }

    static String of(String tenantId, Instant startedAt, String callId) {
        return prefix(tenantId) + inverted(startedAt) + SEPARATOR + callId;
    }

    static String prefix(String tenantId) {
        return tenantId + SEPARATOR;
    }

    /** The first key a tenant's list reads when it starts at {@code newest} (inclusive). */
    static String from(String tenantId, Instant newest) {
        return prefix(tenantId) + inverted(newest) + SEPARATOR;
    }

    /** A key after every key of calls started at or after {@code oldest}, and before any started earlier. */
    static String through(String tenantId, Instant oldest) {
        return prefix(tenantId) + inverted(oldest) + SEPARATOR + Character.MAX_VALUE;
    }

    static String expiry(Instant startedAt, String callId) {
        return String.format("%019d", startedAt.toEpochMilli()) + SEPARATOR + callId;
    }

    /** Expiry keys of calls started before {@code cutoff} sort before this one. */
    static String expiryBefore(Instant cutoff) {
        return String.format("%019d", cutoff.toEpochMilli()) + SEPARATOR;
    }

    static String callOfExpiry(String key) {
        return key.substring(20);
    }

    private static String inverted(Instant at) {
        return String.format("%019d", Long.MAX_VALUE - at.toEpochMilli());
    }

    static String cursor(CallSummary last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (last.startedAt().toEpochMilli() + "|" + last.callId()).getBytes(StandardCharsets.UTF_8));
    }

    /** The list key of the call a cursor names. @throws WebApplicationException 400 for a malformed cursor */
    static String afterCursor(String tenantId, String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int separator = decoded.indexOf(SEPARATOR);
            return of(tenantId, Instant.ofEpochMilli(Long.parseLong(decoded.substring(0, separator))),
                    decoded.substring(separator + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new WebApplicationException(Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON).entity(Map.of("error", "malformed cursor")).build());
        }
    }
}
