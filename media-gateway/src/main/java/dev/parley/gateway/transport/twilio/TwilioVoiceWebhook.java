package dev.parley.gateway.transport.twilio;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.tracing.SetupTrace;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio's incoming-call webhook: answers with TwiML that connects the call's audio to our media stream, holding a
 * call slot for that stream. When every line is busy the call is rejected with {@code reason="busy"}: the caller
 * hears a busy tone at once, the call is never answered (nothing billed, no TTS spent while we are out of capacity),
 * and a busy signal is what every caller and carrier already understands as "call back later".
 */
@Path("/twilio/voice")
@Tag(name = "twilio", description = "Twilio Programmable Voice: the numbers' incoming-call webhook, and the status "
        + "callbacks of the calls we dial")
public class TwilioVoiceWebhook {
    private static final Logger LOG = Logger.getLogger(TwilioVoiceWebhook.class);

    private final TwilioConfig config;
    private final TenantDirectory tenants;
    private final CallAdmission admission;

    public TwilioVoiceWebhook(TwilioConfig config, TenantDirectory tenants, CallAdmission admission) {
        this.config = config;
        this.tenants = tenants;
        this.admission = admission;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Incoming call (Twilio's webhook, signed with X-Twilio-Signature)",
            description = "TwiML that connects the call to the media stream /twilio/media; <Reject reason=\"busy\"/> when "
                    + "every line is busy, <Reject reason=\"rejected\"/> for a number no tenant owns; 403 unsigned.")
    @Produces(MediaType.APPLICATION_XML)
    public Response incomingCall(MultivaluedMap<String, String> form, @Context HttpServerRequest request) {
        Map<String, String> params = new HashMap<>();
        form.forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        if (!config.verify(request, false, params)) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        String to = params.getOrDefault("To", "");
        Optional<Tenant> tenant = tenants.byPhoneNumber(to);
        if (tenant.isEmpty()) {
            LOG.warnf("rejecting call %s: number %s belongs to no tenant", params.get("CallSid"), to);
            return Response.ok(Twiml.REJECTED).build();
        }
        Optional<String> slot = admission.hold("twilio");
        if (slot.isEmpty()) {
            return Response.ok(Twiml.BUSY).build();
        }
        Map<String, String> stream = new LinkedHashMap<>();
        stream.put("tenant", tenant.get().id());
        stream.put("from", params.getOrDefault("From", ""));
        stream.put("to", to);
        stream.put(CallAdmission.SLOT, slot.get());
        SetupTrace.current().ifPresent(traceparent -> stream.put(SetupTrace.PARAMETER, traceparent));
        return Response.ok(Twiml.connectStream(config.streamUrl(request), stream)).build();
    }
}
