package dev.parley.gateway.transport;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Short-lived tokens that admit one media stream for one tenant: {@code tenant.expiry.signature}, signed with
 * HMAC-SHA256. Issued by our own webhooks (Telnyx) or token endpoint (browser) and checked on the WebSocket
 * handshake, so no media endpoint is open to whoever finds its URL.
 */
@Singleton
public class StreamTokens {
    private static final Logger LOG = Logger.getLogger(StreamTokens.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final Clock clock;

    @Inject
    public StreamTokens(@ConfigProperty(name = "parley.stream-token.secret") Optional<String> configured) {
        this(configured.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            LOG.info("parley.stream-token.secret not set: stream tokens are valid on this instance only");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }), Clock.systemUTC());
    }

    StreamTokens(byte[] secret, Clock clock) {
        this.secret = secret.clone();
        this.clock = clock;
    }

    public String issue(String tenantId, Duration ttl) {
        if (tenantId.contains(".")) {
            throw new IllegalArgumentException("tenant ids never contain '.'");
        }
        String payload = tenantId + "." + (clock.instant().getEpochSecond() + ttl.toSeconds());
        return payload + "." + sign(payload);
    }

    /** The tenant the token admits, if it is authentic and unexpired. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int lastDot = token.lastIndexOf('.');
        int firstDot = token.indexOf('.');
        if (firstDot <= 0 || lastDot == firstDot) {
            return Optional.empty();
        }
        String payload = token.substring(0, lastDot);
        byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long expiry;
        try {
            expiry = Long.parseLong(payload.substring(firstDot + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return expiry >= clock.instant().getEpochSecond()
                ? Optional.of(payload.substring(0, firstDot)) : Optional.empty();
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static Duration defaultTtl() {
        return Duration.ofMinutes(5);
    }
}
