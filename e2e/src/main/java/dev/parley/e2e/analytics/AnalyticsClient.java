package dev.parley.e2e.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/** Reads a tenant's billing figures from the analytics REST API with the tenant's API key. */
public final class AnalyticsClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** A tenant's usage as analytics reports it. */
    public record Usage(String tenantId, long calls, long billedSeconds) {
    }

    /** A tenant's all-time conversation counts as analytics reports them ({@code GET /tenants/{tenant}/rates}). */
    public record Rates(long calls, long endedCalls, long agentTurns, long bargeIns, long transferredCalls,
                        long errorCalls, long userTurnsOfEndedCalls, long resolvedWithoutTransfer) {
    }

    public AnalyticsClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    /** {@code GET /tenants/{tenant}/usage}. */
    public Usage usage(String tenant) throws IOException, InterruptedException {
        JsonNode body = get("/tenants/" + tenant + "/usage", true);
        return new Usage(body.path("tenantId").asText(), body.path("calls").asLong(),
                body.path("billedSeconds").asLong());
    }

    public Rates rates(String tenant) throws IOException, InterruptedException {
        JsonNode b = get("/tenants/" + tenant + "/rates", true);
        return new Rates(b.path("calls").asLong(), b.path("endedCalls").asLong(), b.path("agentTurns").asLong(),
                b.path("bargeIns").asLong(), b.path("transferredCalls").asLong(), b.path("errorCalls").asLong(),
                b.path("userTurnsOfEndedCalls").asLong(), b.path("resolvedWithoutTransfer").asLong());
    }

    /** {@code GET /tenants/{tenant}/calls/{callId}}: the call's billed seconds, or empty while analytics has none. */
    public OptionalLong callBilledSeconds(String tenant, String callId) throws IOException, InterruptedException {
        JsonNode body = get("/tenants/" + tenant + "/calls/" + callId, false);
        if (body == null) {
            return OptionalLong.empty();
        }
        // Either a bare number or an object carrying billedSeconds.
        JsonNode seconds = body.isNumber() ? body : body.path("billedSeconds");
        return seconds.isNumber() ? OptionalLong.of(seconds.asLong()) : OptionalLong.empty();
    }

    private JsonNode get(String path, boolean required) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5))
                .header("X-Api-Key", apiKey).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 && !required) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
