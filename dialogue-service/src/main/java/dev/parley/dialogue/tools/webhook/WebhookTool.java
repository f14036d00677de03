package dev.parley.dialogue.tools.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.tools.Tool;
import dev.parley.dialogue.tools.ToolCall;
import dev.parley.dialogue.tools.ToolDefinition;
import dev.parley.dialogue.tools.ToolPolicy;
import dev.parley.dialogue.tools.ToolResult;
import io.smallrye.mutiny.Uni;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A tenant's HTTP endpoint as a tool. POST sends {@code {"tool", "tenant", "callId", "turnId", "idempotencyKey",
 * "arguments": {...}}} (arguments typed as the schema declares them); GET sends the arguments as query parameters.
 * Every request is signed ({@link WebhookSigner}) and carries {@code Idempotency-Key}. The answer: 2xx with a JSON
 * object (its fields feed the reply; {@code "found": false} means nothing was found), 404 for not found; anything else
 * — another status, a body that is not a JSON object, no answer within the timeout, a redirect (never followed) — is a
 * failure the brain turns into a spoken apology. The host is checked against the tenant's allow-list when the tenant
 * loads and again before every request.
 */
public final class WebhookTool implements Tool {

    static final int MAX_ANSWER_BYTES = 64 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The client's own request timeout is only a backstop: when it fires at the same instant as the tool's timeout,
     * the JDK reports it as "connection closed locally", and the caller would get a vaguer failure than "no answer".
     */
    private static final Duration CLIENT_TIMEOUT_MARGIN = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One client for all tenants; redirects are refused so a request cannot be bounced to a host not allowed. */
    private static final HttpClient SHARED = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String name;
    private final ToolDefinition.Webhook definition;
    private final URI url;
    private final ToolPolicy policy;
    private final WebhookSigner signer;
    private final String missingSecret;
    private final Clock clock;

    /**
     * @param url           the definition's URL with placeholders resolved
     * @param signer        null when no secret is configured: then every call is refused, naming
     *                      {@code missingSecret}, the variables to set
     */
    public WebhookTool(String name, ToolDefinition.Webhook definition, URI url, ToolPolicy policy,
                       WebhookSigner signer, String missingSecret, Clock clock) {
        this.name = name;
        this.definition = definition;
        this.url = url;
        this.policy = policy;
        this.signer = signer;
        this.missingSecret = missingSecret;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    public URI url() {
        return url;
    }

    @Override
    public Uni<ToolResult> invoke(ToolCall call) {
        return Uni.createFrom().deferred(() -> {
            HttpRequest request = request(call);
            Duration timeout = Duration.ofMillis(definition.timeoutMsOr());
            return Uni.createFrom().<HttpResponse<byte[]>>emitter(em -> {
                        CompletableFuture<HttpResponse<byte[]>> future =
                                SHARED.sendAsync(request, BoundedBody.upTo(MAX_ANSWER_BYTES));
                        future.whenComplete((response, error) -> {
                            if (error != null) {
                                em.fail(new WebhookException(name + ": cannot reach " + host() + ": "
                                        + rootMessage(error), error));
                            } else {
                                em.complete(response);
                            }
                        });
                        // Since JDK 16 cancel(true) aborts the exchange: an interrupted turn leaves no request behind.
                        em.onTermination(() -> future.cancel(true));
                    })
                    .ifNoItem().after(timeout).failWith(() -> new WebhookException(name + ": no answer from "
                            + host() + " within " + timeout.toMillis() + " ms"))
                    .map(this::result);
        });
    }

    private HttpRequest request(ToolCall call) {
        // The URL is fixed when the tenant loads, but a policy is only as good as its last check.
        if (!policy.allows(url.getHost())) {
            throw new WebhookException(name + ": host " + url.getHost() + " is not in the tenant's allowedHosts");
        }
        if (signer == null) {
            throw new WebhookException(name + ": no signing secret; set " + missingSecret);
        }
        ObjectNode arguments = typedArguments(call.arguments());
        HttpRequest.Builder b;
        String signed;
        if ("GET".equals(definition.methodOr())) {
            String query = query(arguments);
            String sep = url.getRawQuery() == null ? "?" : "&";
            b = HttpRequest.newBuilder(URI.create(url + (query.isEmpty() ? "" : sep + query))).GET();
            signed = query;
        } else {
            ObjectNode envelope = JSON.createObjectNode()
                    .put("tool", call.tool())
                    .put("tenant", call.tenantId())
                    .put("callId", call.callId())
                    .put("turnId", call.turnId())
                    .put("idempotencyKey", call.idempotencyKey());
            envelope.set("arguments", arguments);
            signed = envelope.toString();
            b = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(signed, StandardCharsets.UTF_8));
        }
        if ("http".equals(url.getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        return b.timeout(Duration.ofMillis(definition.timeoutMsOr()).plus(CLIENT_TIMEOUT_MARGIN))
                .header("Accept", "application/json")
                .header("User-Agent", "parley-dialogue-service")
                .header("Idempotency-Key", call.idempotencyKey())
                .header("X-Parley-Tenant", call.tenantId())
                .header("X-Parley-Call-Id", call.callId())
                .header("X-Parley-Tool", call.tool())
                .header(WebhookSigner.HEADER, signer.sign(clock.instant().getEpochSecond(), signed))
                .build();
    }

    /** Arguments as the schema types them (a brain passes strings): "amount": 12.5, not "12.5". */
    private ObjectNode typedArguments(Map<String, String> arguments) {
        ObjectNode out = JSON.createObjectNode();
        JsonNode properties = definition.parameters().path("properties");
        for (Map.Entry<String, String> a : new TreeMap<>(arguments).entrySet()) {
            String type = properties.path(a.getKey()).path("type").asText("string");
            String v = a.getValue();
            try {
                switch (type) {
                    case "integer":
                        out.put(a.getKey(), Long.parseLong(v.strip()));
                        break;
                    case "number":
                        out.put(a.getKey(), new java.math.BigDecimal(v.strip()));
                        break;
                    case "boolean":
                        if (!v.strip().equalsIgnoreCase("true") && !v.strip().equalsIgnoreCase("false")) {
                            throw new NumberFormatException();
                        }
                        out.put(a.getKey(), Boolean.parseBoolean(v.strip()));
                        break;
                    default:
                        out.put(a.getKey(), v);
                }
            } catch (NumberFormatException e) {
                throw new WebhookException(name + ": argument '" + a.getKey() + "' must be of type " + type
                        + ", got '" + v + "'");
            }
        }
        for (String required : definition.requiredArguments()) {
            if (!out.has(required)) {
                throw new WebhookException(name + ": argument '" + required + "' is required");
            }
        }
        return out;
    }

    private static String query(ObjectNode arguments) {
        StringBuilder q = new StringBuilder();
        arguments.fields().forEachRemaining(f -> {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(f.getValue().asText(), StandardCharsets.UTF_8));
        });
        return q.toString();
    }

    private ToolResult result(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 404) {
            return ToolResult.notFound();
        }
        if (status / 100 != 2) {
            throw new WebhookException(name + ": " + host() + " answered HTTP " + status);
        }
        if (response.body().length == 0) {
            return ToolResult.found(Map.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new WebhookException(name + ": " + host() + " answered something that is not JSON", e);
        } catch (java.io.IOException e) {
            throw new WebhookException(name + ": cannot read the answer of " + host(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WebhookException(name + ": " + host() + " must answer a JSON object");
        }
        Map<String, String> fields = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("found") && !f.getValue().isNull()) {
                fields.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString());
            }
        }
        if (root.has("found") && !root.get("found").asBoolean(true)) {
            return new ToolResult(false, Map.copyOf(fields));
        }
        return ToolResult.found(fields);
    }

    private String host() {
        return url.getHost();
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }
}
