package dev.parley.gateway.transport.twilio;

import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio's status callbacks for the calls we dial ({@link TwilioDials}): the URL names the tenant and our call id,
 * and the request must be signed with that tenant's dialling account's token, so one account cannot steer another's
 * calls. News of a call that is already over (the completed that follows its stream's end) is acknowledged and
 * dropped: Twilio needs a 2xx, and there is nothing left to do, unless Twilio created the call after our request
 * for it timed out ({@link TwilioDials#over}).
 */
@Path("/twilio/status")
@Tag(name = "twilio")
public class TwilioStatusCallback {
    private final TwilioConfig config;
    private final TwilioDials dials;
    private final TenantDirectory tenants;

    public TwilioStatusCallback(TwilioConfig config, TwilioDials dials,
                                TenantDirectory tenants) {
        this.config = config;
        this.dials = dials;
        this.tenants = tenants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Status of a call we dialled through Twilio (Twilio's StatusCallback, signed)",
            description = "CallStatus ringing, in-progress, busy, no-answer, failed, canceled, completed become the "
                    + "call's call.outbound events; signed with the X-Twilio-Signature of the tenant's "
                    + "twilio.outbound account.")
    @APIResponse(responseCode = "204", description = "Taken (or about a call already over)")
    @APIResponse(responseCode = "403", description = "Not signed with the tenant's twilio.outbound account token")
    public Response status(@QueryParam("tenant") String tenantId, @QueryParam("call") String callId,
                           MultivaluedMap<String, String> form, @Context HttpServerRequest request) {
        Map<String, String> params = new HashMap<>();
        form.forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        Optional<String> token = tenants.byId(tenantId).flatMap(Tenant::twilioOutbound)
                .flatMap(TwilioConfig::tokenOf);
        if (token.isEmpty() || !config.verify(request, false, params, List.of(token.get()))) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        String callStatus = params.getOrDefault("CallStatus", "");
        dials.pending(callId).filter(d -> d.tenantId().equals(tenantId)).ifPresentOrElse(
                dial -> dials.status(dial, callStatus),
                () -> dials.over(tenantId, callId, params.get("CallSid"), callStatus));
        return Response.noContent().build();
    }
}
