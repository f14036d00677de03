package dev.parley.dialogue.llm;

import java.util.List;

/** What one completion is asked with: system prompt, the conversation, the tools the model may call. */
public record LlmRequest(String system, List<LlmMessage> messages, List<LlmToolSpec> tools) {

    public LlmRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
