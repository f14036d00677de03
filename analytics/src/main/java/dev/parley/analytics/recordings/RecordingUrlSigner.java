package dev.parley.analytics.recordings;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Short-lived playback URLs, {@code /recordings/<tenant>/<callId>.wav?expires=<epoch s>&sig=<base64url HMAC>}: an
 * {@code <audio>} element cannot send the API key, so the key is checked when the URL is handed out and the URL
 * itself carries the permission. The HMAC-SHA256 covers tenant, call id and expiry, so a URL opens one call's
 * recording until it expires and nothing else.
 */
@Startup // made at startup, so a missing secret is warned about then, not at the first playback
@ApplicationScoped
public class RecordingUrlSigner {
    private static final Logger LOG = Logger.getLogger(RecordingUrlSigner.class);
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;
    private final Duration ttl;

    @Inject
    public RecordingUrlSigner(RecordingsConfig config) {
        this(config.urlSecret().filter(secret -> !secret.isBlank())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8)).orElseGet(RecordingUrlSigner::randomKey),
                config.urlTtl());
    }

    public RecordingUrlSigner(byte[] key, Duration ttl) {
        if (key.length == 0 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a recording URL needs a key and a positive lifetime");
        }
        this.key = key.clone();
        this.ttl = ttl;
    }

    private static byte[] randomKey() {
        LOG.warn("parley.recordings.url-secret (PARLEY_RECORDINGS_URL_SECRET) is not set: recording URLs are signed"
                + " with a random key of this instance, so they stop working when it restarts and another analytics"
                + " replica refuses them. Set it, to the same value on every replica.");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    /** A URL for the call's recording that works until {@code now} + the configured lifetime. */
    public SignedRecordingUrl sign(String tenantId, String callId, Instant now) {
        CallFileIds.require(tenantId, callId);
        long expires = now.plus(ttl).getEpochSecond();
        return new SignedRecordingUrl("/recordings/" + tenantId + "/" + callId + ".wav?expires=" + expires + "&sig="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(tenantId, callId, expires)),
                Instant.ofEpochSecond(expires));
    }

    /** Whether {@code sig} is this service's signature of the three and {@code expires} is not past. */
    public boolean verify(String tenantId, String callId, String expires, String sig, Instant now) {
        if (!CallFileIds.valid(tenantId) || !CallFileIds.valid(callId) || expires == null || sig == null) {
            return false;
        }
        long expiresAt;
        byte[] presented;
        try {
            expiresAt = Long.parseLong(expires);
            presented = Base64.getUrlDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return false; // NumberFormatException included
        }
        // Compared in constant time, and before the expiry, so timing tells nothing about the signature.
        boolean genuine = MessageDigest.isEqual(mac(tenantId, callId, expiresAt), presented);
        return genuine && now.getEpochSecond() <= expiresAt;
    }

    private byte[] mac(String tenantId, String callId, long expires) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            // Ids cannot hold '/', so the three fields cannot be shifted into each other.
            return mac.doFinal((tenantId + "/" + callId + "/" + expires).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
