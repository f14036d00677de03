package dev.parley.dialogue.llm.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.llm.LlmEvent;
import dev.parley.dialogue.llm.LlmException;
import dev.parley.dialogue.llm.LlmMessage;
import dev.parley.dialogue.llm.LlmProvider;
import dev.parley.dialogue.llm.LlmRequest;
import dev.parley.dialogue.llm.LlmToolCall;
import dev.parley.dialogue.llm.LlmToolSpec;
import dev.parley.dialogue.llm.http.SseClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST {endpoint}/v1/messages}, {@code stream: true}). {@code endpoint} is the base
 * URL without the version path. Roles alternate strictly there, so consecutive same-role messages are merged and a
 * conversation that opens with the agent's greeting gets a placeholder caller turn first.
 */
public final class AnthropicMessagesProvider implements LlmProvider {

    static final String API_VERSION = "2023-06-01";
    static final String CALL_CONNECTED = "(The call has connected.)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SseClient http;
    private final URI uri;
    private final String model;
    private final String apiKey;
    private final int maxTokens;
    private final double temperature;

    public AnthropicMessagesProvider(SseClient http, String endpoint, String model, String apiKey, int maxTokens,
                                     double temperature) {
        this.http = http;
        this.uri = URI.create(endpoint.replaceAll("/+$", "") + "/v1/messages");
        this.model = model;
        this.apiKey = apiKey;
        this.maxTokens = maxTokens;
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "anthropic:" + model;
    }

    @Override
    public Multi<LlmEvent> stream(LlmRequest request) {
        return Multi.createFrom().deferred(() -> {
            Map<String, String> headers = new HashMap<>();
            headers.put("anthropic-version", API_VERSION);
            if (apiKey != null && !apiKey.isBlank()) {
                headers.put("x-api-key", apiKey);
            }
            AnthropicStreamAssembler assembler = new AnthropicStreamAssembler();
            return http.post(uri, headers, body(request))
                    .onItem().transformToIterable(assembler::onEvent)
                    .onCompletion().call(() -> assembler.finished() ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new LlmException(0, "stream from " + uri
                            + " ended before message_stop")));
        });
    }

    byte[] body(LlmRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("stream", true);
        root.put("max_tokens", maxTokens);
        root.put("temperature", temperature);
        if (request.system() != null && !request.system().isBlank()) {
            root.put("system", request.system());
        }
        ArrayNode messages = root.putArray("messages");
        String lastRole = null;
        ArrayNode content = null;
        for (LlmMessage m : request.messages()) {
            String role = "assistant".equals(m.role()) ? "assistant" : "user";
            if (lastRole == null && "assistant".equals(role)) {
                messages.addObject().put("role", "user").putArray("content").addObject()
                        .put("type", "text").put("text", CALL_CONNECTED);
                lastRole = "user";
            }
            if (!role.equals(lastRole)) {
                content = messages.addObject().put("role", role).putArray("content");
                lastRole = role;
            }
            addBlocks(content, m);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (LlmToolSpec t : request.tools()) {
                tools.addObject().put("name", t.name()).put("description", t.description())
                        .set("input_schema", t.parameters());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a messages request", e);
        }
    }

    private static void addBlocks(ArrayNode content, LlmMessage m) {
        if ("tool".equals(m.role())) {
            content.addObject().put("type", "tool_result").put("tool_use_id", m.toolCallId())
                    .put("content", m.text());
            return;
        }
        if (m.text() != null && !m.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", m.text());
        }
        for (LlmToolCall c : m.toolCalls()) {
            JsonNode input;
            try {
                input = JSON.readTree(c.argumentsJson());
            } catch (JsonProcessingException e) {
                input = JSON.createObjectNode();
            }
            content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name()).set("input", input);
        }
    }
}
