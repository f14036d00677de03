package dev.parley.gateway.transport.twilio;

import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.tenant.TwilioOutbound;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio settings: the deployment's account token and public URL, the REST API dialling goes to, and the signature
 * check shared by the webhooks and the media stream.
 */
@Singleton
public class TwilioConfig {
    private static final Logger LOG = Logger.getLogger(TwilioConfig.class);

    private final String authToken;
    private final Optional<String> publicUrl;
    private final Optional<String> apiBase;
    private final Duration apiTimeout;
    private final Duration ringTimeout;
    private final Duration statusGrace;
    private final TenantDirectory tenants;

    public TwilioConfig(@ConfigProperty(name = "parley.twilio.auth-token") Optional<String> authToken,
                        @ConfigProperty(name = "parley.twilio.public-url") Optional<String> publicUrl,
                        @ConfigProperty(name = "parley.twilio.api-base") Optional<String> apiBase,
                        @ConfigProperty(name = "parley.twilio.api-timeout") Duration apiTimeout,
                        @ConfigProperty(name = "parley.twilio.ring-timeout") Duration ringTimeout,
                        @ConfigProperty(name = "parley.twilio.status-grace") Duration statusGrace,
                        TenantDirectory tenants) {
        this.authToken = authToken.orElse("");
        this.publicUrl = publicUrl.filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
        this.apiBase = apiBase.filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
        this.apiTimeout = apiTimeout;
        this.ringTimeout = ringTimeout;
        this.statusGrace = statusGrace;
        this.tenants = tenants;
        if (this.authToken.isEmpty()) {
            LOG.warn("parley.twilio.auth-token (PARLEY_TWILIO_AUTH_TOKEN) is not set: Twilio requests are refused "
                    + "unless signed with a tenant's twilio.outbound account token");
        }
    }

    /**
     * The URL Twilio signed: the configured public URL if we sit behind a proxy, else the URL as requested.
     * For WebSocket handshakes the scheme is ws/wss, as in the Stream URL Twilio was given.
     */
    public String signedUrl(HttpServerRequest request, boolean websocket) {
        String base = publicUrl.orElseGet(() -> request.scheme() + "://" + request.authority());
        if (websocket) {
            base = base.replaceFirst("^http", "ws");
        }
        return base + request.uri();
    }

    /** Public base URL for the media stream, as wss:// (or ws:// for a plain-HTTP local stack). */
    public String streamUrl(HttpServerRequest request) {
        return streamUrl(publicUrl.orElseGet(() -> request.scheme() + "://" + request.authority()));
    }

    static String streamUrl(String base) {
        return base.replaceFirst("^http", "ws") + "/twilio/media";
    }

    /** The deployment's own auth token, if set: what Twilio signs our numbers' requests with. */
    Optional<String> deploymentToken() {
        return authToken.isEmpty() ? Optional.empty() : Optional.of(authToken);
    }

    /** Where Twilio reaches us; dialling needs it, as no request of Twilio's tells us our address then. */
    Optional<String> publicUrl() {
        return publicUrl;
    }

    /** Twilio's REST API base (no default: a test or a misconfigured stack must never reach the real one). */
    Optional<String> apiBase() {
        return apiBase;
    }

    Duration apiTimeout() {
        return apiTimeout;
    }

    /** How long an outbound call may ring (Twilio's {@code Timeout}). */
    Duration ringTimeout() {
        return ringTimeout;
    }

    /** How long past the ring and API timeouts a dial waits for news from Twilio before giving it up. */
    Duration statusGrace() {
        return statusGrace;
    }

    /** The auth token of a tenant's dialling account, from the variable its tenant.yaml names; empty when unset. */
    static Optional<String> tokenOf(TwilioOutbound account) {
        return ConfigProvider.getConfig().getOptionalValue(account.authTokenEnv(), String.class)
                .filter(t -> !t.isBlank());
    }

    /** A request signed with the deployment's token or with one of the tenants' dialling accounts' tokens. */
    public boolean verify(HttpServerRequest request, boolean websocket, Map<String, String> params) {
        List<String> tokens = new ArrayList<>();
        tokens.add(authToken);
        for (Tenant tenant : tenants.all()) {
            tenant.twilioOutbound().flatMap(TwilioConfig::tokenOf).ifPresent(tokens::add);
        }
        return verify(request, websocket, params, tokens);
    }

    /** A request signed with one of {@code tokens}; refusals are logged. */
    boolean verify(HttpServerRequest request, boolean websocket, Map<String, String> params, List<String> tokens) {
        String url = signedUrl(request, websocket);
        String signature = request.getHeader(TwilioSignature.HEADER);
        boolean ok = tokens.stream().anyMatch(token -> TwilioSignature.valid(token, url, params, signature));
        if (!ok) {
            LOG.warnf("refused %s %s from %s: missing or invalid %s", request.method(), request.path(),
                    request.remoteAddress(), TwilioSignature.HEADER);
        }
        return ok;
    }
}
