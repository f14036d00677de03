package dev.parley.dialogue.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.dialogue.llm.LlmEvent;
import dev.parley.dialogue.llm.LlmException;
import dev.parley.dialogue.llm.LlmToolCall;
import dev.parley.dialogue.llm.http.SseEvent;
import dev.parley.dialogue.llm.http.SseClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns chat-completion chunks into {@link LlmEvent}s. Text passes straight through; a tool call arrives as pieces
 * keyed by {@code index} (id and name in the first piece, the arguments string split over many) and is released
 * whole once the choice finishes. One instance per stream.
 */
final class OpenAiStreamAssembler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class PendingCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    private final Map<Integer, PendingCall> calls = new TreeMap<>();
    private String stopReason;
    private boolean callsReleased;
    private boolean finished;

    boolean finished() {
        return finished;
    }

    List<LlmEvent> onEvent(SseEvent event) {
        List<LlmEvent> out = new ArrayList<>();
        if (finished) {
            return out;
        }
        if ("[DONE]".equals(event.data().strip())) {
            releaseCalls(out);
            out.add(new LlmEvent.Finished(stopReason == null ? "stop" : stopReason));
            finished = true;
            return out;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new LlmException(0, "malformed chunk: " + event.data());
        }
        if (chunk.has("error")) {
            // Some servers report a failure mid-stream as a data chunk instead of an HTTP status.
            throw new LlmException(0, "error in stream: " + SseClient.errorMessage(event.data()));
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return out; // usage-only chunk
        }
        JsonNode delta = choice.path("delta");
        String content = delta.path("content").asText("");
        if (!delta.path("content").isNull() && !content.isEmpty()) {
            out.add(new LlmEvent.TextDelta(content));
        }
        for (JsonNode piece : delta.path("tool_calls")) {
            PendingCall call = calls.computeIfAbsent(piece.path("index").asInt(calls.size()), i -> new PendingCall());
            if (piece.hasNonNull("id") && call.id == null) {
                call.id = piece.get("id").asText();
            }
            JsonNode fn = piece.path("function");
            if (fn.hasNonNull("name") && call.name == null) {
                call.name = fn.get("name").asText();
            }
            if (fn.hasNonNull("arguments")) {
                call.arguments.append(fn.get("arguments").asText());
            }
        }
        if (choice.hasNonNull("finish_reason")) {
            stopReason = choice.get("finish_reason").asText();
            releaseCalls(out);
        }
        return out;
    }

    private void releaseCalls(List<LlmEvent> out) {
        if (callsReleased || calls.isEmpty()) {
            return;
        }
        callsReleased = true;
        List<LlmToolCall> complete = new ArrayList<>();
        int n = 0;
        for (PendingCall c : calls.values()) {
            if (c.name == null) {
                throw new LlmException(0, "tool call without a function name");
            }
            String args = c.arguments.length() == 0 ? "{}" : c.arguments.toString();
            complete.add(new LlmToolCall(c.id != null ? c.id : "call_" + n, c.name, args));
            n++;
        }
        out.add(new LlmEvent.ToolCalls(complete));
    }
}
