package dev.parley.gateway.transport.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Nonces any gateway instance can check without shared state: issue time and 8 random bytes, signed with HMAC-SHA256
 * over those and the realm under a key all instances share. A nonce is {@link Check#VALID} for its lifetime,
 * {@link Check#STALE} after (the client may retry with a fresh one, RFC 2617 {@code stale=true}), and
 * {@link Check#FORGED} when its signature, realm or shape is wrong.
 */
public final class Nonces {
    /** What a nonce turned out to be. */
    public enum Check { VALID, STALE, FORGED }

    private static final int STAMP = 8;
    private static final int RANDOM = 8;
    private static final int MAC = 16;

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Nonces(byte[] key, Duration lifetime, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A fresh nonce for {@code realm}, issued now. */
    public String issue(String realm) {
        return issue(realm, clock.millis());
    }

    /** A nonce as if issued at {@code millis} (tests make old ones with it). */
    public String issue(String realm, long millis) {
        byte[] body = new byte[STAMP + RANDOM];
        ByteBuffer.wrap(body).putLong(millis);
        byte[] salt = new byte[RANDOM];
        random.nextBytes(salt);
        System.arraycopy(salt, 0, body, STAMP, RANDOM);
        byte[] nonce = Arrays.copyOf(body, body.length + MAC);
        System.arraycopy(mac(body, realm), 0, nonce, body.length, MAC);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    public Check check(String nonce, String realm) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce == null ? "" : nonce);
        } catch (IllegalArgumentException e) {
            return Check.FORGED;
        }
        if (raw.length != STAMP + RANDOM + MAC) {
            return Check.FORGED;
        }
        byte[] body = Arrays.copyOf(raw, STAMP + RANDOM);
        if (!MessageDigest.isEqual(mac(body, realm), Arrays.copyOfRange(raw, body.length, raw.length))) {
            return Check.FORGED;
        }
        long issued = ByteBuffer.wrap(body).getLong();
        long age = clock.millis() - issued;
        // A nonce from the future was not made by a clock we trust: only a little skew between instances passes.
        if (age < -5_000) {
            return Check.FORGED;
        }
        return age > lifetime.toMillis() ? Check.STALE : Check.VALID;
    }

    private byte[] mac(byte[] body, String realm) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(body);
            mac.update(realm.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac.doFinal(), MAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
