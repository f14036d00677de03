package dev.parley.gateway.transport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamTokensTest {
    private static final byte[] SECRET = "a-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static StreamTokens at(Instant instant) {
        return new StreamTokens(SECRET, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void admitsTheTenantItWasIssuedForUntilItExpires() {
        String token = at(NOW).issue("acme", Duration.ofMinutes(2));
        assertEquals(Optional.of("acme"), at(NOW).verify(token));
        assertEquals(Optional.of("acme"), at(NOW.plusSeconds(120)).verify(token));
        assertEquals(Optional.empty(), at(NOW.plusSeconds(121)).verify(token));
    }

    @Test
    void refusesForgedTamperedAndMalformedTokens() {
        String token = at(NOW).issue("acme", Duration.ofMinutes(2));
        String otherTenant = "globex" + token.substring(token.indexOf('.'));
        assertEquals(Optional.empty(), at(NOW).verify(otherTenant));
        String longer = token.replaceFirst("\\.(\\d+)\\.", ".9$1.");
        assertEquals(Optional.empty(), at(NOW).verify(longer));
        String foreign = new StreamTokens("another".getBytes(StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC))
                .issue("acme", Duration.ofMinutes(2));
        assertEquals(Optional.empty(), at(NOW).verify(foreign));
        assertEquals(Optional.empty(), at(NOW).verify(null));
        assertEquals(Optional.empty(), at(NOW).verify("acme"));
        assertEquals(Optional.empty(), at(NOW).verify("acme.x.y"));
        assertThrows(IllegalArgumentException.class, () -> at(NOW).issue("a.b", Duration.ofMinutes(1)));
    }
}
