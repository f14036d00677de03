package dev.parley.e2e.clinic;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tenant's side of Parley's webhook signature, as dialogue-service/README.md tells a tenant to check it:
 * {@code X-Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}, compared in constant time,
 * and a {@code t} more than five minutes from this clock refused (a replayed request).
 */
final class SignatureCheck {
    static final long TOLERANCE_SECONDS = 300;

    private final byte[] secret;

    SignatureCheck(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("no signing secret");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Why the request is refused, or empty if {@code header} signs {@code body} at a time near {@code nowSeconds}. */
    Optional<String> problem(String header, String body, long nowSeconds) {
        if (header == null || header.isBlank()) {
            return Optional.of("no X-Parley-Signature");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2) {
                parts.put(kv[0], kv[1]);
            }
        }
        long t;
        byte[] given;
        try {
            t = Long.parseLong(parts.getOrDefault("t", ""));
            given = HexFormat.of().parseHex(parts.getOrDefault("v1", ""));
        } catch (IllegalArgumentException e) {
            return Optional.of("malformed X-Parley-Signature (want t=<unix seconds>,v1=<hex>)");
        }
        if (Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) {
            return Optional.of("stale signature: t is " + (nowSeconds - t) + " s from now (a replay?)");
        }
        return MessageDigest.isEqual(sign(t, body), given) ? Optional.empty() : Optional.of("wrong signature");
    }

    /** The {@code v1} for {@code body} signed at {@code t}. */
    byte[] sign(long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
