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
import java.util.Map;
import java.util.Optional;

/**
 * Twilio's incoming-call webhook: answers with TwiML that connects the call's audio to our media stream, holding a
 * call slot for that stream. When every line is busy the call is rejected with {@code reason="busy"}: the caller
 * hears a busy tone at once, the call is never answered (nothing billed, no TTS spent while we are out of capacity),
 * and a busy signal is what every caller and carrier already understands as "call back later".
 */
@Path("/twilio/voice")
@Tag(name = "twilio", description = "Twilio Programmable Voice: the number's incoming-call webhook")
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
            return Response.ok("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Reject reason=\"rejected\"/></Response>")
                    .build();
        }
        Optional<String> slot = admission.hold("twilio");
        if (slot.isEmpty()) {
            return Response.ok(BUSY).build();
        }
        String twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\""
                + xml(config.streamUrl(request)) + "\">"
                + parameter("tenant", tenant.get().id())
                + parameter("from", params.getOrDefault("From", ""))
                + parameter("to", to)
                + parameter(CallAdmission.SLOT, slot.get())
                + SetupTrace.current().map(traceparent -> parameter(SetupTrace.PARAMETER, traceparent)).orElse("")
                + "</Stream></Connect></Response>";
        return Response.ok(twiml).build();
    }

    static final String BUSY =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Reject reason=\"busy\"/></Response>";

    private static String parameter(String name, String value) {
        return "<Parameter name=\"" + xml(name) + "\" value=\"" + xml(value) + "\"/>";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
