package dev.parley.gateway.transport.sip.auth;

import dev.parley.gateway.tenant.SipCredentials;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;

/**
 * Checks an INVITE's digest credentials against its tenant's {@code sip.digest}. We are the call's endpoint, not a
 * proxy, so we challenge as a UAS does (RFC 3261 22.2): 401 with WWW-Authenticate, answered with Authorization
 * (a Proxy-Authorization is read too, for carriers that send that). qop=auth only: the client's nonce count and
 * cnonce bind each response to one request. A response seen once is refused when it comes again while its nonce is
 * good (on this instance; another instance has not seen it, which is what stateless nonces cost).
 */
@Singleton
public class InboundDigest {
    private static final Logger LOG = Logger.getLogger(InboundDigest.class);

    /** What to do with the INVITE; {@code reason} is the refusal's tag on {@code parley.sip.refused}. */
    public enum Verdict {
        ACCEPTED(null), CHALLENGE(null), STALE(null), FORGED_NONCE("auth-nonce"), WRONG("auth-failed"),
        REPLAYED("auth-replay");

        public final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }
    }

    public record Result(Verdict verdict, String why) {
    }

    private final Nonces nonces;
    private final Clock clock;
    /** Responses accepted, until their nonce would be stale anyway: nonce, nc and cnonce to that time. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    InboundDigest(SipAuthConfig config, Clock clock) {
        this.clock = clock;
        byte[] key = config.nonceKey().filter(k -> !k.isBlank())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    return random;
                });
        this.nonces = new Nonces(key, config.nonceLifetime(), clock);
    }

    /** The nonces this gateway issues and checks. */
    public Nonces nonces() {
        return nonces;
    }

    /**
     * What the INVITE's credentials are worth. {@code consume}: an accepted response is remembered, so the same one
     * again is {@link Verdict#REPLAYED}; without, the check has no effect (a look before the real one).
     */
    public Result verify(Request request, SipCredentials expected, boolean consume) {
        AuthorizationHeader auth = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        if (auth == null) {
            auth = (ProxyAuthorizationHeader) request.getHeader(ProxyAuthorizationHeader.NAME);
        }
        if (auth == null || !"Digest".equalsIgnoreCase(auth.getScheme())) {
            return new Result(Verdict.CHALLENGE, "no digest credentials");
        }
        Nonces.Check nonce = nonces.check(auth.getNonce(), expected.realm());
        if (nonce == Nonces.Check.FORGED) {
            return new Result(Verdict.FORGED_NONCE, "a nonce we did not issue for realm " + expected.realm());
        }
        String wrong = wrong(auth, request, expected);
        if (wrong != null) {
            return new Result(Verdict.WRONG, wrong);
        }
        if (nonce == Nonces.Check.STALE) {
            return new Result(Verdict.STALE, "the nonce is older than " + nonces.lifetime());
        }
        if (!consume) {
            return new Result(Verdict.ACCEPTED, null);
        }
        long now = clock.millis();
        seen.values().removeIf(until -> until < now);
        String key = auth.getNonce() + ":" + auth.getParameter("nc") + ":" + auth.getCNonce();
        if (seen.putIfAbsent(key, now + nonces.lifetime().toMillis()) != null) {
            return new Result(Verdict.REPLAYED, "nonce count " + auth.getParameter("nc") + " was used before");
        }
        return new Result(Verdict.ACCEPTED, null);
    }

    /** What is wrong with the credentials, or null when they prove the password. */
    private static String wrong(AuthorizationHeader auth, Request request, SipCredentials expected) {
        String algorithm = auth.getAlgorithm();
        if (algorithm != null && !algorithm.equalsIgnoreCase("MD5")) {
            return "algorithm " + algorithm + " (we offer MD5)";
        }
        if (!expected.realm().equals(auth.getRealm())) {
            return "realm " + auth.getRealm();
        }
        String uri = auth.getParameter("uri");
        if (uri == null || !uri.equals(request.getRequestURI().toString())
                && !request.getRequestURI().equals(auth.getURI())) {
            return "uri " + uri + " is not the Request-URI";
        }
        String nc = auth.getParameter("nc");
        String cnonce = auth.getCNonce();
        if (!"auth".equalsIgnoreCase(auth.getQop()) || nc == null || !nc.matches("[0-9a-fA-F]{8}") || cnonce == null
                || cnonce.isEmpty()) {
            return "qop=auth with nc and cnonce is required";
        }
        String ha1 = Digest.ha1(expected.username(), expected.realm(), expected.password());
        String response = Digest.response(ha1, auth.getNonce(), nc, cnonce, "auth", request.getMethod(), uri);
        // Username and response both checked, always both, so timing does not say which one was wrong.
        boolean user = Digest.same(Digest.md5(expected.username()), Digest.md5(String.valueOf(auth.getUsername())));
        boolean proof = Digest.same(response, auth.getResponse());
        return user & proof ? null : "username or password";
    }

    /** A 401's WWW-Authenticate for {@code realm} with a fresh nonce; {@code stale} when the old one only aged. */
    public WWWAuthenticateHeader challenge(HeaderFactory headers, String realm, boolean stale) {
        try {
            WWWAuthenticateHeader challenge = headers.createWWWAuthenticateHeader("Digest");
            challenge.setRealm(realm);
            challenge.setNonce(nonces.issue(realm));
            challenge.setAlgorithm("MD5");
            challenge.setQop("auth");
            if (stale) {
                challenge.setParameter("stale", "TRUE");
            }
            return challenge;
        } catch (ParseException e) {
            LOG.errorf("cannot build a challenge for realm %s: %s", realm, e.getMessage());
            throw new IllegalArgumentException(e);
        }
    }
}
