package dev.parley.e2e.caller;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes {@code X-Twilio-Signature} exactly as Twilio does: base64(HMAC-SHA1(authToken, url + sorted params)), where
 * each POST parameter contributes its name immediately followed by its value. A WebSocket handshake has no parameters,
 * so its signature covers the URL alone.
 */
public final class TwilioSignature {
    private TwilioSignature() {
    }

    public static String sign(String authToken, String url) {
        return sign(authToken, url, Map.of());
    }

    public static String sign(String authToken, String url, Map<String, String> postParams) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(postParams).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is required by every Java runtime", e);
        }
    }
}
