package dev.parley.dialogue.llm;

import java.util.List;

/**
 * One message of a provider-neutral chat. Roles: {@code user}, {@code assistant} (text and/or tool calls) and
 * {@code tool} (the result of the call {@code toolCallId}). The system prompt travels separately in {@link LlmRequest}
 * because Anthropic takes it outside the message list.
 */
public record LlmMessage(String role, String text, List<LlmToolCall> toolCalls, String toolCallId) {

    public static LlmMessage user(String text) {
        return new LlmMessage("user", text, List.of(), null);
    }

    public static LlmMessage assistant(String text) {
        return new LlmMessage("assistant", text, List.of(), null);
    }

    public static LlmMessage assistantCalls(String text, List<LlmToolCall> calls) {
        return new LlmMessage("assistant", text, List.copyOf(calls), null);
    }

    public static LlmMessage toolResult(String toolCallId, String resultJson) {
        return new LlmMessage("tool", resultJson, List.of(), toolCallId);
    }
}
