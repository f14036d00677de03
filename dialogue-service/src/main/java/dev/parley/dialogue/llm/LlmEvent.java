package dev.parley.dialogue.llm;

import java.util.List;

/** What a provider stream yields, whatever its wire format: text as it is written, tool calls once complete, the end. */
public sealed interface LlmEvent permits LlmEvent.TextDelta, LlmEvent.ToolCalls, LlmEvent.Finished {

    record TextDelta(String text) implements LlmEvent {
    }

    /** Every tool call of the message, with fully assembled arguments (they arrive split across chunks). */
    record ToolCalls(List<LlmToolCall> calls) implements LlmEvent {
    }

    /** The provider said the message is complete ({@code [DONE]} / {@code message_stop}). Always last. */
    record Finished(String stopReason) implements LlmEvent {
    }
}
