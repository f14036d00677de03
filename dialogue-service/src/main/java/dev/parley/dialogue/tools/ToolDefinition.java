package dev.parley.dialogue.tools;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A tool as declared under {@code tools:} in a tenant's tenant.yaml; {@code type} picks the kind, and each kind
 * accepts only its own keys (a typo is a load error). Common keys:
 * <ul>
 *   <li>{@code description} — what an LLM is told the tool is for;</li>
 *   <li>{@code filler} — said when the tool has not answered within the tenant's filler delay;</li>
 *   <li>{@code interruptible} (default true) — false for an action with consequences (a booking): a barge-in does not
 *   cancel it, its result is kept for the call, and the same call never runs it twice with the same arguments;</li>
 *   <li>{@code highConsequence} — arguments the agent reads back before acting when they were heard with low
 *   speech-recognition confidence;</li>
 *   <li>{@code shared} — results are the same for every caller (a price list), so LLM answers built on them may be
 *   served from the semantic cache;</li>
 *   <li>{@code unavailable} — what the agent says when the tool fails or times out.</li>
 * </ul>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ToolDefinition.JsonLookup.class, name = "json-lookup"),
        @JsonSubTypes.Type(value = ToolDefinition.Webhook.class, name = "webhook"),
        @JsonSubTypes.Type(value = ToolDefinition.Transfer.class, name = "transfer"),
        @JsonSubTypes.Type(value = ToolDefinition.EndCall.class, name = "end-call")})
public sealed interface ToolDefinition {

    String DEFAULT_FILLER = "One moment, let me check that.";
    String DEFAULT_UNAVAILABLE = "Sorry, I can't get to that right now. Could we try again in a moment?";

    String description();

    String filler();

    Boolean interruptible();

    List<String> highConsequence();

    Boolean shared();

    String unavailable();

    /** JSON schema (an object) of the tool's arguments: what an LLM must pass and what a flow intent must collect. */
    ObjectNode parameters();

    /** @throws IllegalArgumentException naming the key that is wrong */
    void validate();

    default boolean isShared() {
        return Boolean.TRUE.equals(shared());
    }

    default boolean isInterruptible() {
        return interruptible() == null || interruptible();
    }

    default List<String> highConsequenceOrEmpty() {
        return highConsequence() == null ? List.of() : highConsequence();
    }

    default String fillerOr() {
        return filler() == null || filler().isBlank() ? DEFAULT_FILLER : filler();
    }

    default String unavailableOr() {
        return unavailable() == null || unavailable().isBlank() ? DEFAULT_UNAVAILABLE : unavailable();
    }

    /** The arguments the schema requires. */
    default Set<String> requiredArguments() {
        Set<String> out = new HashSet<>();
        parameters().path("required").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Looks a record up by one argument in a JSON file inside the tenant folder (demo data). */
    record JsonLookup(String description, String file, String key, String keyDescription, String filler,
                      Boolean interruptible, List<String> highConsequence, Boolean shared, String unavailable)
            implements ToolDefinition {

        @Override
        public ObjectNode parameters() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
            schema.putObject("properties").putObject(key).put("type", "string")
                    .put("description", keyDescription != null ? keyDescription : "the " + key);
            schema.putArray("required").add(key);
            return schema;
        }

        @Override
        public void validate() {
            if (file == null || key == null) {
                throw new IllegalArgumentException("a json-lookup tool needs 'file' and 'key'");
            }
            checkHighConsequence(this);
        }
    }

    /**
     * Calls the tenant's HTTP endpoint: {@code url} (its host must be in the tenant's {@code toolPolicy.allowedHosts};
     * {@code ${NAME:default}} takes the value of configuration property or environment variable NAME), {@code method}
     * POST (JSON body) or GET (query parameters), {@code timeoutMs}, and {@code parameters}, the JSON schema of the
     * arguments. Requests are HMAC-signed (see {@code WebhookSigner}).
     */
    record Webhook(String description, String url, String method, Integer timeoutMs, ObjectNode parameters,
                   String filler, Boolean interruptible, List<String> highConsequence, Boolean shared,
                   String unavailable) implements ToolDefinition {

        static final int DEFAULT_TIMEOUT_MS = 5000;
        static final int MAX_TIMEOUT_MS = 30_000;

        public String methodOr() {
            return method == null ? "POST" : method.toUpperCase(java.util.Locale.ROOT);
        }

        public int timeoutMsOr() {
            return timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        }

        @Override
        public void validate() {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("a webhook tool needs 'url'");
            }
            if (!"POST".equals(methodOr()) && !"GET".equals(methodOr())) {
                throw new IllegalArgumentException("method must be POST or GET, got '" + method + "'");
            }
            if (timeoutMsOr() < 1 || timeoutMsOr() > MAX_TIMEOUT_MS) {
                throw new IllegalArgumentException("timeoutMs must be between 1 and " + MAX_TIMEOUT_MS);
            }
            if (parameters == null || !"object".equals(parameters.path("type").asText())
                    || !parameters.path("properties").isObject()) {
                throw new IllegalArgumentException("'parameters' must be a JSON schema of type object with "
                        + "'properties'");
            }
            for (JsonNode required : parameters.path("required")) {
                if (!parameters.get("properties").has(required.asText())) {
                    throw new IllegalArgumentException("parameters.required names '" + required.asText()
                            + "', which is not in parameters.properties");
                }
            }
            checkHighConsequence(this);
        }
    }

    /** Transfer and end-call: the gateway performs them after the reply, so none of a data tool's knobs apply. */
    sealed interface CallAction extends ToolDefinition permits Transfer, EndCall {
        @Override
        default String filler() {
            return null;
        }

        @Override
        default Boolean interruptible() {
            return null;
        }

        @Override
        default List<String> highConsequence() {
            return null;
        }

        @Override
        default Boolean shared() {
            return null;
        }

        @Override
        default String unavailable() {
            return null;
        }
    }

    /** Built-in: hands the caller to a human at {@code target} once the agent's reply has been heard (LLM brains). */
    record Transfer(String description, String target) implements CallAction {

        @Override
        public ObjectNode parameters() {
            return reasonSchema("why the caller is being transferred");
        }

        @Override
        public void validate() {
            if (target == null || target.isBlank()) {
                throw new IllegalArgumentException("a transfer tool needs 'target' (a SIP URI or phone number)");
            }
        }
    }

    /** Built-in: hangs up once the agent's reply has been heard (LLM brains). */
    record EndCall(String description) implements CallAction {

        @Override
        public ObjectNode parameters() {
            return reasonSchema("why the call ends");
        }

        @Override
        public void validate() {
        }
    }

    private static ObjectNode reasonSchema(String description) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putObject("properties").putObject("reason").put("type", "string").put("description", description);
        return schema;
    }

    private static void checkHighConsequence(ToolDefinition def) {
        JsonNode properties = def.parameters().path("properties");
        for (String arg : def.highConsequenceOrEmpty()) {
            if (!properties.has(arg)) {
                throw new IllegalArgumentException("highConsequence names '" + arg + "', which is not an argument");
            }
        }
    }
}
