package dev.parley.analytics.recordings;

import dev.parley.analytics.access.ApiKeyAccess;
import dev.parley.analytics.store.QueryRequest;
import dev.parley.contracts.recordings.RecordingFileNames;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Map;

/**
 * Hands out a short-lived signed URL of a call's recording, for the tenant's key (or the admin key) exactly as the
 * call records are read: the dashboard's {@code <audio>} element then plays it without the key.
 */
@Path("/tenants/{tenantId}/calls/{callId}/recording")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "recordings", description = "Call recordings: a signed URL per call, played without the API key")
public class RecordingResource {
    private final ApiKeyAccess access;
    private final RecordingStore recordings;
    private final RecordingUrlSigner signer;

    public RecordingResource(ApiKeyAccess access, RecordingStore recordings, RecordingUrlSigner signer) {
        this.access = access;
        this.recordings = recordings;
        this.signer = signer;
    }

    @GET
    @Operation(summary = "A signed URL of the call's finished recording (stereo WAV: left the caller, right the agent)",
            description = "The URL works without X-Api-Key until expiresAt (parley.recordings.url-ttl).")
    @APIResponse(responseCode = "200", description = "{url, expiresAt, durationMs, channels}")
    @APIResponse(responseCode = "400", description = "A tenant id outside [A-Za-z0-9_-]")
    @APIResponse(responseCode = "401", description = "Missing or unknown X-Api-Key")
    @APIResponse(responseCode = "403", description = "The key is another tenant's")
    @APIResponse(responseCode = "404", description = "No finished recording of this call (none, in progress, or erased)")
    public RecordingLink link(@PathParam("tenantId") String tenantId, @PathParam("callId") String callId,
                              @BeanParam QueryRequest request) {
        access.requireReadAccess(request.apiKey(), tenantId);
        if (!CallFileIds.valid(tenantId) || callId.isBlank()) {
            throw refusal(Response.Status.BAD_REQUEST, "tenant ids are [A-Za-z0-9_-]+ and a call id is not empty");
        }
        // The files (and so the playback URL) are named by the call id's stem: carriers' ids may hold any character.
        String file = RecordingFileNames.stem(callId);
        Recording recording = recordings.find(tenantId, file).orElseThrow(
                () -> refusal(Response.Status.NOT_FOUND, "no recording of call " + callId + " for tenant " + tenantId));
        SignedRecordingUrl url = signer.sign(tenantId, file, Instant.now());
        return new RecordingLink(url.url(), url.expiresAt(), recording.durationMs(), recording.channels());
    }

    private static WebApplicationException refusal(Response.Status status, String message) {
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message)).build());
    }
}
