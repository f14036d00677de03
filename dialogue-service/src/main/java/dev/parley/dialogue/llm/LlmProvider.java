package dev.parley.dialogue.llm;

import io.smallrye.mutiny.Multi;

/**
 * A streaming chat-completion API. The stream is cold (one HTTP request per subscription) and cancellable:
 * cancelling the subscription aborts the HTTP exchange. It fails with {@link LlmException} on a provider error and
 * when the connection ends before the provider's end marker, so a truncated answer is never taken for a whole one.
 */
public interface LlmProvider {

    /** e.g. "openai:gpt-4o-mini", for logs, events and TurnDone. */
    String name();

    Multi<LlmEvent> stream(LlmRequest request);
}
