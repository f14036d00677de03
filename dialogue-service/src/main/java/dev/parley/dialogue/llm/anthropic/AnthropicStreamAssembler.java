package dev.parley.dialogue.llm.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.dialogue.llm.LlmEvent;
import dev.parley.dialogue.llm.LlmException;
import dev.parley.dialogue.llm.LlmToolCall;
import dev.parley.dialogue.llm.http.SseClient;
import dev.parley.dialogue.llm.http.SseEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Messages-API stream events into {@link LlmEvent}s: {@code text_delta}s pass through; a {@code tool_use} block
 * (id and name in {@code content_block_start}, its input as {@code input_json_delta} fragments) is released whole at
 * {@code message_stop}; an {@code error} event fails the stream. One instance per stream.
 */
final class AnthropicStreamAssembler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class ToolUse {
        final String id;
        final String name;
        final StringBuilder input = new StringBuilder();

        ToolUse(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private final Map<Integer, ToolUse> toolUses = new TreeMap<>();
    private String stopReason;
    private boolean finished;

    boolean finished() {
        return finished;
    }

    List<LlmEvent> onEvent(SseEvent event) {
        List<LlmEvent> out = new ArrayList<>();
        if (finished) {
            return out;
        }
        JsonNode data;
        try {
            data = JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new LlmException(0, "malformed event: " + event.data());
        }
        String type = event.event() != null ? event.event() : data.path("type").asText();
        switch (type) {
            case "content_block_start":
                JsonNode block = data.path("content_block");
                if ("tool_use".equals(block.path("type").asText())) {
                    toolUses.put(data.path("index").asInt(), new ToolUse(block.path("id").asText(),
                            block.path("name").asText()));
                } else if (!block.path("text").asText("").isEmpty()) {
                    out.add(new LlmEvent.TextDelta(block.path("text").asText()));
                }
                break;
            case "content_block_delta":
                JsonNode delta = data.path("delta");
                String kind = delta.path("type").asText();
                if ("text_delta".equals(kind) && !delta.path("text").asText("").isEmpty()) {
                    out.add(new LlmEvent.TextDelta(delta.path("text").asText()));
                } else if ("input_json_delta".equals(kind)) {
                    ToolUse use = toolUses.get(data.path("index").asInt());
                    if (use == null) {
                        throw new LlmException(0, "input_json_delta for unknown block " + data.path("index"));
                    }
                    use.input.append(delta.path("partial_json").asText(""));
                }
                break;
            case "message_delta":
                if (data.path("delta").hasNonNull("stop_reason")) {
                    stopReason = data.path("delta").path("stop_reason").asText();
                }
                break;
            case "message_stop":
                if (!toolUses.isEmpty()) {
                    List<LlmToolCall> calls = new ArrayList<>();
                    for (ToolUse u : toolUses.values()) {
                        calls.add(new LlmToolCall(u.id, u.name, u.input.length() == 0 ? "{}" : u.input.toString()));
                    }
                    out.add(new LlmEvent.ToolCalls(calls));
                }
                out.add(new LlmEvent.Finished(stopReason == null ? "end_turn" : stopReason));
                finished = true;
                break;
            case "error":
                throw new LlmException(0, "error in stream: " + SseClient.errorMessage(event.data()));
            default:
                // message_start, content_block_stop, ping: nothing to say yet.
                break;
        }
        return out;
    }
}
