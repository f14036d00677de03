package dev.parley.dialogue.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * One tool run, as the OpenTelemetry GenAI semantic conventions name it: span {@code execute_tool <tool>} with
 * {@code gen_ai.operation.name} and {@code gen_ai.tool.name}; a failure sets {@code error.type} and an error status.
 */
public final class ToolSpan {
    static final String NAME_PREFIX = "execute_tool ";
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Span span;

    ToolSpan(Span span) {
        this.span = span;
    }

    /** Makes the tool span current, e.g. while publishing the tool's event, so its Kafka record names the span. */
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    public void succeeded() {
        span.end();
    }

    public void failed(Throwable error) {
        span.recordException(error).setAttribute(ERROR_TYPE, error.getClass().getName())
                .setStatus(StatusCode.ERROR).end();
    }

    /** The turn was cancelled (barge-in) while the tool ran. */
    public void cancelled() {
        span.setAttribute(ERROR_TYPE, "cancelled").end();
    }
}
