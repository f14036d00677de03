package dev.parley.dialogue.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Multi;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One model call (a round of an LLM brain's turn) as the OpenTelemetry GenAI semantic conventions name it: span
 * {@code chat <model>} with {@code gen_ai.operation.name=chat}, {@code gen_ai.provider.name} and
 * {@code gen_ai.request.model}, from the request to the stream's end, with a {@code first token} event.
 */
final class ChatSpans {
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

    private ChatSpans() {
    }

    /** {@code stream}, traced per subscription by a span from {@code start} (an unstarted stream costs nothing). */
    static <T> Multi<T> traced(Multi<T> stream, Supplier<Span> start) {
        return Multi.createFrom().deferred(() -> {
            Span span = start.get();
            AtomicBoolean first = new AtomicBoolean(true);
            return stream
                    .onItem().invoke(item -> {
                        if (first.compareAndSet(true, false)) {
                            span.addEvent("first token");
                        }
                    })
                    .onCompletion().invoke(span::end)
                    // The exception's type only: a provider's message may quote the prompt or the answer, which hold
                    // the caller's words, and no tenant's redaction reaches here (the brain's log line has it masked).
                    .onFailure().invoke(error -> span.addEvent("exception",
                                    Attributes.of(EXCEPTION_TYPE, error.getClass().getName()))
                            .setAttribute(ToolSpan.ERROR_TYPE, error.getClass().getName())
                            .setStatus(StatusCode.ERROR).end())
                    .onCancellation().invoke(() -> span.setAttribute(ToolSpan.ERROR_TYPE, "cancelled").end());
        });
    }

    /** "openai:gpt-4o-mini" → provider "openai", model "gpt-4o-mini". */
    static String[] providerAndModel(String providerName) {
        int colon = providerName.indexOf(':');
        return colon < 0 ? new String[] {providerName, providerName}
                : new String[] {providerName.substring(0, colon), providerName.substring(colon + 1)};
    }
}
