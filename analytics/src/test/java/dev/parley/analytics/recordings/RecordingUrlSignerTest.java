package dev.parley.analytics.recordings;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordingUrlSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
    private final RecordingUrlSigner signer = new RecordingUrlSigner(
            "a-test-secret".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5));

    @Test
    void aSignedUrlVerifiesForItsCallUntilItExpires() {
        SignedRecordingUrl url = signer.sign("acme", "CA-1", NOW);
        Map<String, String> q = query(url.url());
        assertTrue(url.url().startsWith("/recordings/acme/CA-1.wav?expires="));
        assertEquals(NOW.plus(Duration.ofMinutes(5)), url.expiresAt());
        assertEquals(String.valueOf(url.expiresAt().getEpochSecond()), q.get("expires"));
        assertTrue(q.get("sig").matches("[A-Za-z0-9_-]{43}"), "base64url of 32 bytes, unpadded: " + q.get("sig"));

        assertTrue(signer.verify("acme", "CA-1", q.get("expires"), q.get("sig"), NOW));
        assertTrue(signer.verify("acme", "CA-1", q.get("expires"), q.get("sig"), url.expiresAt()));
        assertFalse(signer.verify("acme", "CA-1", q.get("expires"), q.get("sig"), url.expiresAt().plusSeconds(1)),
                "expired");
    }

    @Test
    void theSignatureCoversTenantCallAndExpiry() {
        Map<String, String> q = query(signer.sign("acme", "CA-1", NOW).url());
        assertFalse(signer.verify("acme", "CA-2", q.get("expires"), q.get("sig"), NOW), "another call");
        assertFalse(signer.verify("globex", "CA-1", q.get("expires"), q.get("sig"), NOW), "another tenant");
        long later = Long.parseLong(q.get("expires")) + 3600;
        assertFalse(signer.verify("acme", "CA-1", String.valueOf(later), q.get("sig"), NOW), "a moved expiry");
        String sig = q.get("sig");
        String tampered = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        assertFalse(signer.verify("acme", "CA-1", q.get("expires"), tampered, NOW), "a changed signature");
        assertFalse(new RecordingUrlSigner("another-secret".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5))
                .verify("acme", "CA-1", q.get("expires"), sig, NOW), "another key");
    }

    @Test
    void malformedInputIsRefusedNotThrown() {
        Map<String, String> q = query(signer.sign("acme", "CA-1", NOW).url());
        assertFalse(signer.verify("acme", "CA-1", null, q.get("sig"), NOW));
        assertFalse(signer.verify("acme", "CA-1", q.get("expires"), null, NOW));
        assertFalse(signer.verify("acme", "CA-1", "soon", q.get("sig"), NOW));
        assertFalse(signer.verify("acme", "CA-1", q.get("expires"), "%%%not base64", NOW));
        assertFalse(signer.verify("..", "CA-1", q.get("expires"), q.get("sig"), NOW));
        assertThrows(IllegalArgumentException.class, () -> signer.sign("acme", "../globex/CA-1", NOW));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], kv[1]);
        }
        return q;
    }
}
