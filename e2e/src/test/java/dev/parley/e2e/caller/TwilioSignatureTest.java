package dev.parley.e2e.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Map<String, String> params(String caller) {
        // Insertion order differs from name order on purpose: Twilio sorts by name.
        Map<String, String> p = new LinkedHashMap<>();
        p.put("To", "+18005551212");
        p.put("Digits", "1234");
        p.put("CallSid", "CA1234567890ABCDE");
        p.put("From", caller);
        p.put("Caller", caller);
        return p;
    }

    @Test
    void matchesTwilioDocumentedWorkedExamples() {
        // Both versions of the example in Twilio's "Validating requests" documentation (auth token 12345).
        assertEquals("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", TwilioSignature.sign("12345", URL, params("+12349013030")));
        assertEquals("GvWf1cFY/Q7PnoempGyD5oXAezc=", TwilioSignature.sign("12345", URL, params("+14158675310")));
    }

    @Test
    void webSocketHandshakeSignatureCoversTheExactUrl() {
        String a = TwilioSignature.sign("token", "ws://127.0.0.1:8080/twilio/media");
        assertEquals(28, a.length(), "base64 of a 20-byte SHA-1 HMAC");
        assertTrue(a.endsWith("="));
        assertNotEquals(a, TwilioSignature.sign("token", "ws://localhost:8080/twilio/media"));
        assertNotEquals(a, TwilioSignature.sign("other", "ws://127.0.0.1:8080/twilio/media"));
    }
}
