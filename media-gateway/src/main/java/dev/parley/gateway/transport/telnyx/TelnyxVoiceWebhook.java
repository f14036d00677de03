package dev.parley.gateway.transport.telnyx;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.transport.StreamTokens;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Telnyx TeXML incoming-call webhook: connects the call's audio to our media stream with a stream token, holding a
 * call slot for that stream; when every line is busy, rejects the call as busy (as the Twilio webhook does, and why).
 */
@Path("/telnyx/voice")
@Tag(name = "telnyx", description = "Telnyx TeXML: the application's incoming-call webhook")
public class TelnyxVoiceWebhook {
    private static final Logger LOG = Logger.getLogger(TelnyxVoiceWebhook.class);
    private static final Duration TOKEN_TTL = Duration.ofMinutes(2);

    private final TenantDirectory tenants;
    private final StreamTokens tokens;
    private final PublicKey publicKey;
    private final Optional<String> publicUrl;
    private final CallAdmission admission;

    public TelnyxVoiceWebhook(TenantDirectory tenants, StreamTokens tokens, CallAdmission admission,
                              @ConfigProperty(name = "parley.telnyx.public-key") Optional<String> publicKey,
                              @ConfigProperty(name = "parley.telnyx.public-url") Optional<String> publicUrl)
            throws GeneralSecurityException {
        this.tenants = tenants;
        this.tokens = tokens;
        this.admission = admission;
        this.publicKey = publicKey.filter(k -> !k.isBlank()).isPresent()
                ? TelnyxSignature.publicKey(publicKey.get()) : null;
        this.publicUrl = publicUrl.filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
        if (this.publicKey == null) {
            LOG.warn("parley.telnyx.public-key (PARLEY_TELNYX_PUBLIC_KEY) is not set: every Telnyx webhook is refused");
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Incoming call (Telnyx's TeXML webhook, Ed25519-signed)",
            description = "TeXML that connects the call to the media stream /telnyx/media with a 2-minute stream token; "
                    + "<Reject reason=\"busy\"/> when every line is busy, <Reject/> for a number no tenant owns; "
                    + "403 without a valid telnyx-signature-ed25519 / telnyx-timestamp.")
    @Produces(MediaType.APPLICATION_XML)
    public Response incomingCall(String body, @Context HttpServerRequest request) {
        if (!TelnyxSignature.valid(publicKey, request.getHeader(TelnyxSignature.TIMESTAMP_HEADER), body,
                request.getHeader(TelnyxSignature.SIGNATURE_HEADER), Instant.now())) {
            LOG.warnf("refused Telnyx webhook from %s: missing or invalid signature", request.remoteAddress());
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        Map<String, String> form = parseForm(body);
        String to = form.getOrDefault("To", "");
        Optional<Tenant> tenant = tenants.byPhoneNumber(to);
        if (tenant.isEmpty()) {
            LOG.warnf("rejecting Telnyx call %s: number %s belongs to no tenant", form.get("CallSid"), to);
            return Response.ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Reject/></Response>").build();
        }
        Optional<String> slot = admission.hold("telnyx");
        if (slot.isEmpty()) {
            return Response.ok(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Reject reason=\"busy\"/></Response>").build();
        }
        String base = publicUrl.orElseGet(() -> request.scheme() + "://" + request.authority());
        String streamUrl = base.replaceFirst("^http", "ws") + "/telnyx/media?token="
                + URLEncoder.encode(tokens.issue(tenant.get().id(), TOKEN_TTL), StandardCharsets.UTF_8)
                + "&" + CallAdmission.SLOT + "=" + slot.get();
        return Response.ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\""
                + streamUrl.replace("&", "&amp;") + "\" bidirectionalMode=\"rtp\"/></Connect></Response>").build();
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
