package dev.parley.gateway.transport.twilio;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;

/** Twilio account settings and the signature check shared by the webhook and the media stream. */
@Singleton
public class TwilioConfig {
    private static final Logger LOG = Logger.getLogger(TwilioConfig.class);

    private final String authToken;
    private final Optional<String> publicUrl;

    public TwilioConfig(@ConfigProperty(name = "parley.twilio.auth-token") Optional<String> authToken,
                        @ConfigProperty(name = "parley.twilio.public-url") Optional<String> publicUrl) {
        this.authToken = authToken.orElse("");
        this.publicUrl = publicUrl.filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
        if (this.authToken.isEmpty()) {
            LOG.warn("parley.twilio.auth-token (PARLEY_TWILIO_AUTH_TOKEN) is not set: every Twilio request is refused");
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
        String base = publicUrl.orElseGet(() -> request.scheme() + "://" + request.authority());
        return base.replaceFirst("^http", "ws") + "/twilio/media";
    }

    public boolean verify(HttpServerRequest request, boolean websocket, Map<String, String> params) {
        boolean ok = TwilioSignature.valid(authToken, signedUrl(request, websocket), params,
                request.getHeader(TwilioSignature.HEADER));
        if (!ok) {
            LOG.warnf("refused %s %s from %s: missing or invalid %s", request.method(), request.path(),
                    request.remoteAddress(), TwilioSignature.HEADER);
        }
        return ok;
    }
}
