package dev.parley.analytics.recordings;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Optional;

/**
 * A recording's WAV file by signed URL ({@link RecordingUrlSigner}), without an API key: an {@code <audio>} element
 * cannot send one. Single byte ranges are served (206), so players can seek; never cached, since the URL is the
 * permission and the audio is personal data.
 */
@Path("/recordings/{tenantId}/{callId}.wav")
@Tag(name = "recordings")
public class RecordingFileResource {
    static final String AUDIO_WAV = "audio/wav";

    private final RecordingStore recordings;
    private final RecordingUrlSigner signer;

    public RecordingFileResource(RecordingStore recordings, RecordingUrlSigner signer) {
        this.recordings = recordings;
        this.signer = signer;
    }

    @GET
    @Produces(AUDIO_WAV)
    @Operation(summary = "The recording's WAV file, by the signed URL GET /tenants/{t}/calls/{id}/recording gave",
            description = "No X-Api-Key: the signature (over tenant, call id and expiry) is the permission."
                    + " Accepts a single Range (bytes=a-b, a-, -n).")
    @APIResponse(responseCode = "200", description = "The whole file (audio/wav)")
    @APIResponse(responseCode = "206", description = "The requested byte range (Content-Range)")
    @APIResponse(responseCode = "403", description = "Missing, tampered or expired signature, or one of another call")
    @APIResponse(responseCode = "404", description = "No such recording (malformed ids, erased, or past retention)")
    @APIResponse(responseCode = "416", description = "A range starting past the end of the file")
    public Response wav(@PathParam("tenantId") String tenantId, @PathParam("callId") String callId,
                        @QueryParam("expires") String expires, @QueryParam("sig") String sig,
                        @HeaderParam("Range") String range) throws IOException {
        if (!CallFileIds.valid(tenantId) || !CallFileIds.valid(callId)) {
            return refusal(Response.Status.NOT_FOUND, "no such recording");
        }
        if (!signer.verify(tenantId, callId, expires, sig, Instant.now())) {
            return refusal(Response.Status.FORBIDDEN, "invalid or expired recording URL");
        }
        Optional<Recording> found = recordings.find(tenantId, callId);
        if (found.isEmpty()) {
            return refusal(Response.Status.NOT_FOUND, "no such recording");
        }
        long size = found.get().sizeBytes();
        Optional<ByteRange> part;
        try {
            part = ByteRange.of(range, size);
        } catch (ByteRange.Unsatisfiable e) {
            return Response.status(416).header("Content-Range", "bytes */" + size)
                    .header(HttpHeaders.CACHE_CONTROL, "private, no-store").build();
        }
        long first = part.map(ByteRange::first).orElse(0L);
        long length = part.map(ByteRange::length).orElse(size);
        InputStream in;
        try {
            in = recordings.read(tenantId, callId, first, length);
        } catch (NoSuchFileException e) {
            return refusal(Response.Status.NOT_FOUND, "no such recording"); // erased since it was found
        }
        StreamingOutput body = out -> {
            try (InputStream wav = in) {
                wav.transferTo(out);
            }
        };
        Response.ResponseBuilder answer = part.isPresent()
                ? Response.status(206).header("Content-Range", part.get().contentRange(size))
                : Response.ok();
        return answer.entity(body).type(AUDIO_WAV)
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static Response refusal(Response.Status status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store").build();
    }
}
