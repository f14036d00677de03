package dev.parley.gateway.transport.telnyx;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Telnyx webhook signatures: Ed25519 over {@code timestamp|body}, sent in {@code telnyx-signature-ed25519} and
 * {@code telnyx-timestamp}, verified with the account's public key (base64 of the raw 32-byte key).
 */
final class TelnyxSignature {
    static final String SIGNATURE_HEADER = "telnyx-signature-ed25519";
    static final String TIMESTAMP_HEADER = "telnyx-timestamp";
    /** Replays older than this are refused. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    /** DER prefix that wraps a raw Ed25519 key into an X.509 SubjectPublicKeyInfo. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private TelnyxSignature() {
    }

    static PublicKey publicKey(String base64RawKey) throws GeneralSecurityException {
        byte[] raw = Base64.getDecoder().decode(base64RawKey.trim());
        if (raw.length != 32) {
            throw new GeneralSecurityException("an Ed25519 public key has 32 bytes, got " + raw.length);
        }
        byte[] der = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    static boolean valid(PublicKey key, String timestamp, String body, String signatureB64, Instant now) {
        if (key == null || timestamp == null || signatureB64 == null) {
            return false;
        }
        try {
            long at = Long.parseLong(timestamp.trim());
            if (Math.abs(now.getEpochSecond() - at) > TOLERANCE.toSeconds()) {
                return false;
            }
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update((timestamp.trim() + "|" + body).getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signatureB64.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
