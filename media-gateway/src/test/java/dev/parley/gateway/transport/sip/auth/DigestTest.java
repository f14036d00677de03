package dev.parley.gateway.transport.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The digest computation against the worked example of RFC 2617 section 3.5 (and its RFC 2069 form). */
class DigestTest {
    private static final String HA1 = Digest.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");

    @Test
    void theRfc2617ExampleResponseIsReproduced() {
        assertEquals("6629fae49393a05397450978507c4ef1", Digest.response(HA1, "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "00000001", "0a4f113b", "auth", "GET", "/dir/index.html"));
    }

    @Test
    void withoutQopTheCountAndCnonceAreLeftOut() {
        String ha2 = Digest.md5("GET:/dir/index.html");
        assertEquals(Digest.md5(HA1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:" + ha2),
                Digest.response(HA1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null, "GET", "/dir/index.html"));
    }

    @Test
    void responsesCompareWithoutRegardToHexCase() {
        assertTrue(Digest.same("6629fae49393a05397450978507c4ef1", "6629FAE49393A05397450978507C4EF1"));
        assertFalse(Digest.same("6629fae49393a05397450978507c4ef1", "6629fae49393a05397450978507c4ef2"));
        assertFalse(Digest.same("6629fae49393a05397450978507c4ef1", null));
    }
}
