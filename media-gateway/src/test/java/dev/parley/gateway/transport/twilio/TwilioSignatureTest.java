package dev.parley.gateway.transport.twilio;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwilioSignatureTest {

    // Expected values computed independently with: printf '%s' "$url$sortedParams" | openssl dgst -sha1 -hmac test-token -binary | base64
    @Test
    void matchesHmacSha1OfUrlAndSortedParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("To", "+15550100100");
        params.put("From", "");
        params.put("CallSid", "CA456");
        params.put("AccountSid", "AC123");
        assertEquals("Y4v2uY6s1R3mCS6yNyxlntG79M0=",
                TwilioSignature.sign("test-token", "https://example.com/twilio/voice", params));
        assertEquals("Y3ZRsGvOwK3raxem+h94t99gb8c=",
                TwilioSignature.sign("test-token", "ws://localhost:8080/twilio/media", Map.of()));
    }

    @Test
    void rejectsTamperingMissingSignatureAndMissingToken() {
        String url = "ws://localhost:8080/twilio/media";
        String good = TwilioSignature.sign("test-token", url, Map.of());
        assertTrue(TwilioSignature.valid("test-token", url, Map.of(), good));
        assertFalse(TwilioSignature.valid("test-token", url + "?x=1", Map.of(), good));
        assertFalse(TwilioSignature.valid("other-token", url, Map.of(), good));
        assertFalse(TwilioSignature.valid("test-token", url, Map.of(), null));
        assertFalse(TwilioSignature.valid("", url, Map.of(), good), "no configured token: nothing is valid");
    }
}
