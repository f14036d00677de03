package dev.parley.gateway.transport.browser;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.tenant.TenantApiKeys;
import dev.parley.gateway.transport.StreamTokens;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Issues the short-lived token a browser needs to open a call. Called by a tenant's backend (or the demo page)
 * with the tenant's API key, so the key itself never has to reach end users' browsers.
 */
@Path("/browser/token")
@Tag(name = "browser", description = "The browser phone: a token for the media WebSocket /browser/media")
public class BrowserTokenResource {
    static final Duration TTL = Duration.ofMinutes(5);

    private final TenantApiKeys keys;
    private final StreamTokens tokens;
    private final CallAdmission admission;

    public BrowserTokenResource(TenantApiKeys keys, StreamTokens tokens, CallAdmission admission) {
        this.keys = keys;
        this.tokens = tokens;
        this.admission = admission;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    // The body is a Map, so the schema cannot be derived: the responses say what a caller of this endpoint gets.
    @Operation(summary = "Issue a stream token for the tenant that owns the X-Api-Key",
            description = "Open wss://<gateway>/browser/media?token=<token> with it before it expires.")
    @APIResponse(responseCode = "200", description = "The token, its tenant and its lifetime in seconds",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "token",
                    value = "{\"token\":\"acme.1767225900.<signature>\",\"tenant\":\"acme\",\"expiresInSeconds\":300}")))
    @APIResponse(responseCode = "401", description = "Missing or unknown X-Api-Key")
    @APIResponse(responseCode = "503", description = "Every line is busy now (header Retry-After: 30)")
    public Response issue(@HeaderParam("X-Api-Key") String apiKey) {
        Optional<String> tenant = keys.tenantOf(apiKey);
        if (tenant.isEmpty()) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .entity(Map.of("error", "missing or unknown X-Api-Key")).build();
        }
        if (!admission.hasRoom()) {
            // A hint, not a hold: a token may be used minutes later, so the media socket decides for real.
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "30")
                    .entity(Map.of("error", "all lines are busy, try again later")).build();
        }
        return Response.ok(Map.of("token", tokens.issue(tenant.get(), TTL), "tenant", tenant.get(),
                "expiresInSeconds", TTL.toSeconds())).build();
    }
}
