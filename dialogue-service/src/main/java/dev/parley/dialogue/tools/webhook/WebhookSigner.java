package dev.parley.dialogue.tools.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Signs webhook requests so the tenant's endpoint can tell they come from Parley and were not altered or replayed:
 * header {@code X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<content>")>}, where the
 * content is the request body (for GET, which has none, the query string that carries the arguments). A receiver
 * recomputes v1 with its copy of the secret, compares in constant time, and rejects a {@code t} too far from its clock.
 */
public final class WebhookSigner {

    public static final String HEADER = "X-Parley-Signature";

    private final SecretKeySpec key;

    public WebhookSigner(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a signing secret is required");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(long unixSeconds, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((unixSeconds + "." + content).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
