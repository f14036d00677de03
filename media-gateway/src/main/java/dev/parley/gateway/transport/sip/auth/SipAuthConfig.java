package dev.parley.gateway.transport.sip.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Digest authentication of INVITEs from sources outside a tenant's allow-list ({@code parley.sip.auth.*}). */
@ConfigMapping(prefix = "parley.sip.auth")
public interface SipAuthConfig {

    /**
     * The key nonces are signed with. Every gateway instance behind one trunk needs the same one, so a nonce one
     * issued verifies on another; unset, each instance draws its own at start (fine for a single instance).
     */
    Optional<String> nonceKey();

    /** How long a challenge's nonce is good for; after that the client is challenged again ({@code stale}). */
    @WithDefault("5m")
    Duration nonceLifetime();
}
