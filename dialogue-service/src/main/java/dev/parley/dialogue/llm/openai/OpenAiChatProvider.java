package dev.parley.dialogue.llm.openai;

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
 * The OpenAI-compatible chat-completions API ({@code POST {endpoint}/chat/completions}, {@code stream: true}), spoken
 * by OpenAI, vLLM, llama.cpp server, Ollama, Groq, Together... {@code endpoint} is the base URL including the version
 * path, e.g. {@code http://localhost:11434/v1}.
 */
public final class OpenAiChatProvider implements LlmProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SseClient http;
    private final URI uri;
    private final String model;
    private final String apiKey;
    private final int maxTokens;
    private final double temperature;

    public OpenAiChatProvider(SseClient http, String endpoint, String model, String apiKey, int maxTokens,
                              double temperature) {
        this.http = http;
        this.uri = URI.create(endpoint.replaceAll("/+$", "") + "/chat/completions");
        this.model = model;
        this.apiKey = apiKey;
        this.maxTokens = maxTokens;
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "openai:" + model;
    }

    @Override
    public Multi<LlmEvent> stream(LlmRequest request) {
        return Multi.createFrom().deferred(() -> {
            Map<String, String> headers = new HashMap<>();
            if (apiKey != null && !apiKey.isBlank()) {
                headers.put("Authorization", "Bearer " + apiKey);
            }
            OpenAiStreamAssembler assembler = new OpenAiStreamAssembler();
            return http.post(uri, headers, body(request))
                    .onItem().transformToIterable(assembler::onEvent)
                    .onCompletion().call(() -> assembler.finished() ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(new LlmException(0, "stream from " + uri
                            + " ended before [DONE]")));
        });
    }

    byte[] body(LlmRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("stream", true);
        root.put("max_tokens", maxTokens);
        root.put("temperature", temperature);
        ArrayNode messages = root.putArray("messages");
        if (request.system() != null && !request.system().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        for (LlmMessage m : request.messages()) {
            ObjectNode node = messages.addObject().put("role", m.role());
            if ("tool".equals(m.role())) {
                node.put("tool_call_id", m.toolCallId()).put("content", m.text());
                continue;
            }
            if (m.text() == null || m.text().isEmpty()) {
                node.putNull("content");
            } else {
                node.put("content", m.text());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (LlmToolCall c : m.toolCalls()) {
                    calls.addObject().put("id", c.id()).put("type", "function")
                            .putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (LlmToolSpec t : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name()).put("description", t.description()).set("parameters", t.parameters());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a chat request", e);
        }
    }
}
