package dev.parley.gateway.outbound;

import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.tenant.OutboundRoute;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantApiKeys;
import dev.parley.gateway.tenant.TenantDirectory;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A tenant's backend asks the gateway to call a number through the tenant's SIP trunk (tenant.yaml
 * {@code sip.outbound}) or its Twilio account ({@code twilio.outbound}), with its API key: a key dials only with its
 * own tenant's routes. Validation and the route are decided here; the {@link Dialer} of that route does the rest.
 */
@Path("/tenants/{tenant}/calls")
@Tag(name = "outbound", description = "Outbound calls through the tenant's SIP trunk or Twilio account; outcomes as "
        + "call.outbound events")
public class OutboundCallResource {
    static final int MAX_PARAMETERS = 32;
    static final int MAX_PARAMETER_LENGTH = 1024;
    /** Long enough for two or three sentences; a longer opening is a monologue the callee hangs up on. */
    static final int MAX_OPENING_LINE = 500;

    /**
     * The request: the number to call (E.164), what the tenant wants to get back with the call's events and gives
     * the brain (CallStart parameters), and what the agent says first instead of the tenant's greeting.
     */
    public record DialRequest(
            @Schema(description = "The number to call, E.164", example = "+15551230000", required = true) String to,
            @Schema(description = "Up to " + MAX_PARAMETERS + " strings of at most " + MAX_PARAMETER_LENGTH
                    + " characters, returned in the call.outbound events and given to the brain (the LLM's prompt, "
                    + "CallStart.parameters); keys starting with 'parley.' are reserved",
                    example = "{\"customer\":\"42\"}") Map<String, String> parameters,
            @Schema(description = "What the agent says first when the callee answers, instead of the tenant's "
                    + "greeting; at most " + MAX_OPENING_LINE + " characters, no control characters",
                    example = "Hi, this is Acme calling about your order 1234.") String openingLine,
            @Schema(description = "The route: 'sip' (tenant.yaml sip.outbound) or 'twilio' (twilio.outbound); "
                    + "default the SIP trunk if the tenant has one, else its Twilio account",
                    enumeration = {"sip", "twilio"}, example = "twilio") String via) {
    }

    private final TenantApiKeys keys;
    private final TenantDirectory tenants;
    private final Map<String, Dialer> dialers;

    public OutboundCallResource(TenantApiKeys keys, TenantDirectory tenants, Instance<Dialer> dialers) {
        this.keys = keys;
        this.tenants = tenants;
        this.dialers = dialers.stream().collect(Collectors.toMap(Dialer::via, Function.identity()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Dial a number through the tenant's SIP trunk or Twilio account",
            description = "When the callee answers, the agent says `openingLine` if given, else the tenant's "
                    + "greeting; `parameters` reach the brain with the call. Progress and outcome are published as "
                    + "call.outbound events (dialing, ringing, answered, busy, no-answer, failed). Through Twilio the "
                    + "call is created with Twilio's REST API; its status callbacks and media stream come back to "
                    + "/twilio/status and /twilio/media.")
    @APIResponse(responseCode = "202", description = "Dialling; the call's id names its events (SIP… through the "
            + "trunk, TW… through Twilio)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "dialing",
                    value = "{\"callId\":\"SIP0123456789abcdef0123456789abcdef\",\"status\":\"dialing\"}")))
    @APIResponse(responseCode = "400", description = "`to` is not an E.164 number, the parameters are too many or "
            + "long or use the reserved 'parley.' prefix, `openingLine` is blank, too long or has control characters, "
            + "or `via` is neither 'sip' nor 'twilio'")
    @APIResponse(responseCode = "401", description = "Missing or unknown X-Api-Key")
    @APIResponse(responseCode = "403", description = "The X-Api-Key belongs to another tenant")
    @APIResponse(responseCode = "404", description = "The tenant has no such route (sip.outbound, twilio.outbound)")
    @APIResponse(responseCode = "409", description = "The tenant's calls on that route are at its maxConcurrent")
    @APIResponse(responseCode = "422", description = "Outside the route's calling hours (its callingHours)")
    @APIResponse(responseCode = "429", description = "The route's callsPerMinute reached (header Retry-After)")
    @APIResponse(responseCode = "503", description = "Every line is busy, the gateway is draining, SIP is off, or "
            + "Twilio dialling is not configured (parley.twilio.api-base, public-url, the account's auth token) "
            + "(header Retry-After: 30)")
    public Response dial(@PathParam("tenant") String tenantId, @HeaderParam("X-Api-Key") String apiKey,
                         DialRequest request) {
        Optional<String> owner = keys.tenantOf(apiKey);
        if (owner.isEmpty()) {
            return error(Response.Status.UNAUTHORIZED, "missing or unknown X-Api-Key");
        }
        if (!owner.get().equals(tenantId)) {
            return error(Response.Status.FORBIDDEN, "this X-Api-Key belongs to another tenant");
        }
        String invalid = invalid(request);
        if (invalid != null) {
            return error(Response.Status.BAD_REQUEST, invalid);
        }
        Optional<Tenant> tenant = tenants.byId(tenantId);
        Optional<OutboundRoute> route = tenant.flatMap(t -> t.outbound(request.via()));
        if (route.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "tenant " + tenantId + " has no "
                    + (request.via() == null ? "sip.outbound or twilio.outbound" : request.via() + ".outbound")
                    + " route");
        }
        Map<String, String> parameters = request.parameters() == null ? Map.of() : request.parameters();
        Dialer.Placed placed = dialers.get(route.get().via()).dial(tenant.get(), route.get(), request.to(),
                parameters, request.openingLine());
        if (placed.dialing()) {
            return Response.accepted(Map.of("callId", placed.callId(), "status", "dialing")).build();
        }
        if (placed.refusal() == null) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "30")
                    .entity(Map.of("error", placed.unavailable())).build();
        }
        OutboundLimits.Refusal refusal = placed.refusal();
        return switch (refusal.kind()) {
            case OUTSIDE_HOURS -> error(422, refusal.message());
            case CONCURRENT -> error(Response.Status.CONFLICT, refusal.message());
            case PER_MINUTE -> Response.status(Response.Status.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(refusal.retryAfterSeconds()))
                    .entity(Map.of("error", refusal.message())).build();
        };
    }

    private static String invalid(DialRequest request) {
        if (request == null || request.to() == null || !request.to().matches("\\+[1-9][0-9]{1,14}")) {
            return "'to' must be an E.164 number such as +15551230000";
        }
        if (request.via() != null && !request.via().equals(OutboundRoute.SIP)
                && !request.via().equals(OutboundRoute.TWILIO)) {
            return "'via' must be 'sip' or 'twilio'";
        }
        String opening = request.openingLine();
        if (opening != null && (opening.isBlank() || opening.length() > MAX_OPENING_LINE
                || opening.chars().anyMatch(Character::isISOControl))) {
            return "'openingLine' must be a line of at most " + MAX_OPENING_LINE
                    + " characters, not blank, without control characters";
        }
        Map<String, String> parameters = request.parameters();
        if (parameters == null) {
            return null;
        }
        if (parameters.size() > MAX_PARAMETERS) {
            return "at most " + MAX_PARAMETERS + " parameters";
        }
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            if (p.getValue() == null || p.getKey().length() > MAX_PARAMETER_LENGTH
                    || p.getValue().length() > MAX_PARAMETER_LENGTH) {
                return "parameter '" + p.getKey() + "' must be a string of at most " + MAX_PARAMETER_LENGTH
                        + " characters";
            }
            if (p.getKey().startsWith(CallInfo.RESERVED_PREFIX)) {
                // The gateway's own keys (the opening line) must mean what the gateway set, not what a caller sent.
                return "parameter '" + p.getKey() + "': keys starting with '" + CallInfo.RESERVED_PREFIX
                        + "' are reserved";
            }
        }
        return null;
    }

    private static Response error(Response.Status status, String message) {
        return error(status.getStatusCode(), message);
    }

    private static Response error(int status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
