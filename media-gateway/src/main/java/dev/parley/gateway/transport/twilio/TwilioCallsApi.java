package dev.parley.gateway.transport.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Twilio's REST API for creating a call, {@code POST {api-base}/2010-04-01/Accounts/{sid}/Calls.json}, and for
 * ending one, {@code POST .../Calls/{CallSid}.json} with {@code Status}: form-encoded, HTTP basic auth with the
 * account's SID and token. Sent once, never retried: a retried POST could ring the callee twice, and a 4xx will not
 * change by asking again.
 */
@Singleton
class TwilioCallsApi {
    /** Twilio's answer: the HTTP status, the call's SID when created (201), else Twilio's message. */
    record Created(int status, String callSid, String error) {
        boolean created() {
            return status == 201 && callSid != null;
        }
    }

    /** Twilio's answer to an update: the HTTP status and the call's status after it ("canceled", "in-progress"). */
    record Updated(int status, String callStatus) {
    }

    static final String CANCELED = "canceled";
    static final String COMPLETED = "completed";

    private final TwilioConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    TwilioCallsApi(TwilioConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.apiTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Creates the call; {@code form} holds each field's values (StatusCallbackEvent has several). */
    CompletableFuture<Created> create(String apiBase, TwilioDial dial, Map<String, List<String>> form) {
        return post(apiBase + "/2010-04-01/Accounts/" + dial.account().accountSid() + "/Calls.json", dial, form)
                .thenApply(this::read);
    }

    /**
     * Ends our call {@code callSid} at Twilio, as Twilio documents it: {@link #CANCELED} while it is queued or
     * ringing, {@link #COMPLETED} once it is in progress (canceled leaves a call in progress as it is).
     */
    CompletableFuture<Updated> update(String apiBase, TwilioDial dial, String callSid, String status) {
        return post(apiBase + "/2010-04-01/Accounts/" + dial.account().accountSid() + "/Calls/" + callSid + ".json",
                dial, Map.of("Status", List.of(status))).thenApply(response -> new Updated(response.statusCode(),
                body(response).path("status").asText("")));
    }

    private CompletableFuture<HttpResponse<String>> post(String url, TwilioDial dial, Map<String, List<String>> form) {
        String credentials = dial.account().accountSid() + ":" + dial.token();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.apiTimeout())
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    private Created read(HttpResponse<String> response) {
        JsonNode body = body(response);
        if (response.statusCode() == 201) {
            String sid = body.path("sid").asText("");
            return sid.isEmpty() ? new Created(201, null, "no call SID in Twilio's answer")
                    : new Created(201, sid, null);
        }
        String message = body.path("message").asText("");
        int code = body.path("code").asInt(0);
        return new Created(response.statusCode(), null, "Twilio answered " + response.statusCode()
                + (code == 0 ? "" : " (error " + code + ")") + (message.isEmpty() ? "" : ": " + message));
    }

    private static String encode(Map<String, List<String>> form) {
        return form.entrySet().stream().flatMap(e -> e.getValue().stream().map(v ->
                        URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }
}
