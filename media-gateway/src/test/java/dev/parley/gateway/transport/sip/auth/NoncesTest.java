package dev.parley.gateway.transport.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Signed nonces: good for their lifetime on any instance with the key, stale after it, forged otherwise. */
class NoncesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final byte[] KEY = "shared-by-every-instance".getBytes(StandardCharsets.UTF_8);

    private static Nonces at(Instant time, byte[] key) {
        return new Nonces(key, Duration.ofMinutes(5), Clock.fixed(time, ZoneOffset.UTC));
    }

    @Test
    void aNonceIsValidOnAnotherInstanceWithTheSameKeyUntilItsLifetimeEnds() {
        String nonce = at(NOW, KEY).issue("acme");
        assertEquals(Nonces.Check.VALID, at(NOW.plusSeconds(299), KEY).check(nonce, "acme"));
        assertEquals(Nonces.Check.STALE, at(NOW.plusSeconds(301), KEY).check(nonce, "acme"));
    }

    @Test
    void aNonceIsFreshEachTime() {
        Nonces nonces = at(NOW, KEY);
        assertNotEquals(nonces.issue("acme"), nonces.issue("acme"));
    }

    @Test
    void anotherKeyAnotherRealmOrATamperedNonceIsForged() {
        String nonce = at(NOW, KEY).issue("acme");
        assertEquals(Nonces.Check.FORGED, at(NOW, "another".getBytes(StandardCharsets.UTF_8)).check(nonce, "acme"));
        assertEquals(Nonces.Check.FORGED, at(NOW, KEY).check(nonce, "rival"));
        byte[] raw = Base64.getUrlDecoder().decode(nonce);
        raw[7] ^= 1; // one millisecond younger: the signature no longer matches
        assertEquals(Nonces.Check.FORGED,
                at(NOW, KEY).check(Base64.getUrlEncoder().withoutPadding().encodeToString(raw), "acme"));
        assertEquals(Nonces.Check.FORGED, at(NOW, KEY).check("not-a-nonce!", "acme"));
        assertEquals(Nonces.Check.FORGED, at(NOW, KEY).check(null, "acme"));
    }

    @Test
    void aNonceFromTheFutureIsForged() {
        String nonce = at(NOW.plusSeconds(60), KEY).issue("acme");
        assertEquals(Nonces.Check.FORGED, at(NOW, KEY).check(nonce, "acme"));
    }
}
